package com.microenv.audit.ingest;

import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.audit.service.AuditService;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code microenv.audit.v1} into the store. The record is acknowledged (and its offset later committed)
 * only once the event is stored, so an event is never lost (at-least-once; duplicates are dropped by event id).
 * A record that is not an event, or that the database refuses for good, is logged without its content and
 * skipped; a passing storage failure (database down) is retried with back-off, holding the partition meanwhile.
 */
@ApplicationScoped
public class AuditEventConsumer {

    private static final Logger LOG = Logger.getLogger(AuditEventConsumer.class);

    private final AuditService audit;
    private final AuditConfig config;

    public AuditEventConsumer(AuditService audit, AuditConfig config) {
        this.audit = audit;
        this.config = config;
    }

    @Incoming("audit-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        AuditEvent event;
        try {
            event = AuditEventCodec.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            // The parser's message may quote the record, which may hold anything: log where it is, not what.
            LOG.warnf("Skipping %s: not a MicroENV audit event (%s)", position(record),
                    rootCause(e).getClass().getSimpleName());
            return Uni.createFrom().voidItem();
        }
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
