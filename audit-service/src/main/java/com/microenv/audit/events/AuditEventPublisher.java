package com.microenv.audit.events;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** audit-service's own audit events (the retention job), published to {@code microenv.audit.v1} like every service's. */
@ApplicationScoped
public class AuditEventPublisher {

    private final MutinyEmitter<String> emitter;

    public AuditEventPublisher(@Channel("own-audit-events") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Completes once the broker has acknowledged the event. */
    public Uni<Void> publish(AuditEvent event) {
        return emitter.sendMessage(Message.of(AuditEventCodec.toJson(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.partitionKey()).build()));
    }
}
