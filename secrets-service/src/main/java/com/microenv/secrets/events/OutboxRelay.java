package com.microenv.secrets.events;

import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.persistence.OutboxEntry;
import com.microenv.secrets.persistence.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes outbox rows to Kafka and marks them sent once acknowledged. Runs every
 * {@code microenv.outbox.relay-interval} (a Vert.x timer: the Quarkus scheduler ticks only once a second).
 * Rows are taken with {@code FOR UPDATE SKIP LOCKED} in id order and published one after another; the first
 * failure ends the run, so a project's events never overtake each other. Delivery is at least once: a crash
 * between the ack and the commit republishes, and the audit store deduplicates by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Vertx vertx;
    private final OutboxRepository outbox;
    private final AuditPublisher publisher;
    private final SecretsConfig.Outbox config;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean failing;
    private long timerId = -1;

    public OutboxRelay(Vertx vertx, OutboxRepository outbox, AuditPublisher publisher, SecretsConfig config) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config.outbox();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(Math.max(1, config.relayInterval().toMillis()), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        // Hibernate Reactive wants a duplicated context marked safe, as Quarkus gives each HTTP request.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> relayOnce().subscribe().with(
                run -> {
                    running.set(false);
                    report(run.failure());
                },
                failure -> {
                    running.set(false);
                    report(failure);
                }));
    }

    private void report(Throwable failure) {
        if (failure == null && failing) {
            failing = false;
            LOG.info("outbox relay recovered");
        } else if (failure != null && !failing) {
            failing = true;
            LOG.warnf("outbox relay cannot publish, retrying every %d ms: %s", config.relayInterval().toMillis(),
                    failure.getMessage());
        }
    }

    /**
     * The outcome of one run.
     *
     * @param sent    how many events Kafka acknowledged and were marked sent
     * @param failure why the run stopped early, or null when every locked row was sent
     */
    public record Run(int sent, Throwable failure) {
    }

    /** One run: locks up to a batch of unsent rows, publishes them in order, marks the acknowledged ones sent. */
    public Uni<Run> relayOnce() {
        List<Long> sent = new ArrayList<>();
        Throwable[] stoppedBy = new Throwable[1];
        return Panache.withTransaction(() -> outbox.lockUnsent(config.batchSize())
                        .flatMap(entries -> publishInOrder(entries, 0, sent, stoppedBy))
                        .flatMap(ignored -> outbox.markSent(sent, Instant.now())))
                .map(marked -> new Run(marked, stoppedBy[0]));
    }

    private Uni<Void> publishInOrder(List<OutboxEntry> entries, int index, List<Long> sent, Throwable[] stoppedBy) {
        if (index == entries.size()) {
            return Uni.createFrom().voidItem();
        }
        OutboxEntry entry = entries.get(index);
        return publisher.publish(entry.eventKey, entry.event, config.ackTimeout())
                .onItem().transformToUni(ignored -> {
                    sent.add(entry.id);
                    return publishInOrder(entries, index + 1, sent, stoppedBy);
                })
                .onFailure().recoverWithItem(failure -> {
                    if (stoppedBy[0] == null) {
                        stoppedBy[0] = failure;
                    }
                    return null;
                });
    }
}
