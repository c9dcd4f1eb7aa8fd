package com.microenv.auth.events;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.auth.persistence.OutboxEntity;
import com.microenv.auth.persistence.OutboxRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Records audit events in the outbox. Call it inside the transaction that makes the change, so the change
 * and its event commit (or roll back) together; {@link OutboxRelay} publishes them afterwards.
 */
@ApplicationScoped
public class AuditOutbox {

    /** The {@code source} of this service's events is {@code /microenv/auth-service}. */
    public static final String SERVICE = "auth-service";

    private final OutboxRepository repository;

    public AuditOutbox(OutboxRepository repository) {
        this.repository = repository;
    }

    /** Appends an event of {@code type} about {@code subject}; must run inside a transaction. */
    public Uni<AuditEvent> append(String type, String subject, AuditData data) {
        AuditEvent event = AuditEvent.of(SERVICE, type, subject, data);
        OutboxEntity row = new OutboxEntity();
        row.eventId = UUID.fromString(event.id());
        row.topic = AuditEvent.TOPIC;
        row.recordKey = event.partitionKey();
        row.payload = AuditEventCodec.toJson(event);
        row.createdAt = event.time();
        return repository.persist(row).replaceWith(event);
    }
}
