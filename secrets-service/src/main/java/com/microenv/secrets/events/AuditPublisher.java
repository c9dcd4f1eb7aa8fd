package com.microenv.secrets.events;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Publishes audit events to Kafka ({@value AuditEvent#TOPIC}, key = project id) and reports when Kafka has
 * acknowledged them.
 */
@ApplicationScoped
public class AuditPublisher {

    /** The channel configured in application.properties as the audit topic. */
    public static final String CHANNEL = "audit-events";

    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);

    private final MutinyEmitter<String> emitter;

    @Inject
    public AuditPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                          MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Sends an event; the Uni completes once Kafka acknowledged it, or fails after {@code timeout}. */
    public Uni<Void> publish(AuditEvent event, Duration timeout) {
        return publish(event.partitionKey(), AuditEventCodec.toJson(event), timeout);
    }

    /**
     * Sends an event already in its JSON form (as the outbox keeps it). Completion is delivered back on the
     * caller's Vert.x context, so a Hibernate Reactive session may be used after it.
     */
    public Uni<Void> publish(String key, String json, Duration timeout) {
        Context context = Vertx.currentContext();
        Message<String> message = Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        Uni<Void> sent = Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException(
                        "Kafka did not acknowledge the audit event within " + timeout.toMillis() + " ms"));
        return context == null ? sent : sent.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Sends an event without waiting; a failure is logged (denied attempts are audited on a best-effort basis). */
    public void publishBestEffort(AuditEvent event, Duration timeout) {
        publish(event, timeout).subscribe().with(
                ignored -> {
                },
                failure -> LOG.warnf("audit event %s (%s) for request %s was not published: %s", event.id(),
                        event.type(), event.data().requestId(), failure.getMessage()));
    }
}
