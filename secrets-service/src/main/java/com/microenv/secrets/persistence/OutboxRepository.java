package com.microenv.secrets.persistence;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /** Adds an event to the outbox within the caller's transaction. */
    public Uni<OutboxEntry> append(AuditEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = UUID.fromString(event.id());
        entry.event = AuditEventCodec.toJson(event);
        entry.eventKey = event.partitionKey();
        entry.createdAt = Instant.now();
        return persist(entry);
    }

    /**
     * The oldest unsent events, locked for this transaction; rows another relay holds are skipped rather than
     * waited for, so several replicas can relay side by side.
     */
    public Uni<List<OutboxEntry>> lockUnsent(int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id
                        LIMIT :limit FOR UPDATE SKIP LOCKED""", OutboxEntry.class)
                .setParameter("limit", limit)
                .getResultList());
    }

    public Uni<Integer> markSent(List<Long> ids, Instant sentAt) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("sentAt = ?1 where id in ?2", sentAt, ids);
    }
}
