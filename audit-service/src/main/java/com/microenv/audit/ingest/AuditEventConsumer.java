package com.microenv.audit.ingest;

import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.audit.service.AuditService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes {@code microenv.audit.v1} into the store, a polled batch at a time. A batch is acknowledged (and its
 * offsets then committed) only once its events are stored, so an event is never lost (at-least-once on the topic;
 * duplicates are dropped by event id, so exactly once in the store).
 * A record that is not an event, or that the database refuses for good, is logged without its content and
 * skipped; a passing storage failure (database down) is retried with back-off, holding the partition meanwhile.
 */
@ApplicationScoped
public class AuditEventConsumer {

    private static final Logger LOG = Logger.getLogger(AuditEventConsumer.class);

    private final AuditService audit;
    private final AuditConfig config;
    /** Records skipped since start because they are not events (or the store refuses them for good). */
    private final AtomicLong skipped = new AtomicLong();

    public AuditEventConsumer(AuditService audit, AuditConfig config) {
        this.audit = audit;
        this.config = config;
    }

    /**
     * One polled batch (possibly of several partitions): stored in one transaction; acknowledged, and so its offsets
     * committed, only after that transaction committed. A crash in between redelivers the batch, whose events
     * are then recognised by id and not stored again. If the database refuses the batch for good (one bad record),
     * the batch is stored event by event so only that record is skipped.
     */
    @Incoming("audit-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<AuditEvent> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, String>> sources = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            AuditEvent event = parse(record);
            if (event != null) {
                events.add(event);
                sources.add(record);
            }
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return audit.recordAll(events)
                .onFailure(AuditEventConsumer::isPassing).invoke(e -> LOG.warnf(
                        "Storing a batch of %d audit events (%s … %s) failed (%s); retrying", events.size(),
                        position(sources.get(0)), position(sources.get(sources.size() - 1)), describe(e)))
                .onFailure(AuditEventConsumer::isPassing).retry()
                .withBackOff(config.ingest().retryInitialBackoff(), config.ingest().retryMaxBackoff()).indefinitely()
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("The store refused a batch of %d audit events (%s); storing them one by one", events.size(), describe(e));
                    return Multi.createFrom().range(0, events.size())
                            .onItem().transformToUniAndConcatenate(i -> consumeOne(events.get(i), sources.get(i)))
                            .collect().last().replaceWithVoid();
                });
    }

    /** How many records were skipped since start: not events, or refused by the store for good. */
    public long skippedRecords() {
        return skipped.get();
    }

    private AuditEvent parse(ConsumerRecord<String, String> record) {
        try {
            return AuditEventCodec.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            long total = skipped.incrementAndGet();
            // The parser's message may quote the record, which may hold anything: log where it is, not what.
            LOG.warnf("Skipping %s: not a MicroENV audit event (%s); %d records skipped since start", position(record),
                    rootCause(e).getClass().getSimpleName(), total);
            return null;
        }
    }

    private Uni<Void> consumeOne(AuditEvent event, ConsumerRecord<String, String> record) {
        return audit.record(event)
                .onFailure(AuditEventConsumer::isPassing).invoke(e -> LOG.warnf(
                        "Storing audit event %s from %s failed (%s); retrying", event.id(), position(record), describe(e)))
                .onFailure(AuditEventConsumer::isPassing).retry()
                .withBackOff(config.ingest().retryInitialBackoff(), config.ingest().retryMaxBackoff()).indefinitely()
                .onItem().invoke(result -> {
                    if (!result.stored()) {
                        LOG.debugf("Audit event %s was already stored; duplicate from %s dropped", event.id(), position(record));
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    skipped.incrementAndGet();
                    LOG.errorf("Skipping audit event %s from %s: the store refuses it (%s)",
                            event.id(), position(record), describe(e));
                    return null;
                })
                .replaceWithVoid();
    }

    /**
     * Whether a storage failure may pass by itself. The database refusing the data (SQLSTATE class 22, or an
     * integrity violation other than a chain race) would refuse it forever, so retrying would block the
     * partition for good.
     */
    static boolean isPassing(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            boolean chainRace = "23505".equals(state) && "audit_events_chain_link_key".equals(pg.getConstraint());
            return chainRace || !(state.startsWith("22") || state.startsWith("23"));
        }
        return true;
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A storage failure without the data: a database error's message may quote the values it refused. */
    private static String describe(Throwable e) {
        Throwable cause = rootCause(e);
        if (cause instanceof PgException pg) {
            return "SQLSTATE " + pg.getSqlState() + (pg.getConstraint() == null ? "" : ", constraint " + pg.getConstraint());
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
