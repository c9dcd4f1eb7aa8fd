package com.microenv.auth.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.auth.persistence.CredentialOutboxEntity;
import com.microenv.auth.persistence.CredentialOutboxRepository;
import com.microenv.auth.persistence.OutboxEntity;
import com.microenv.auth.persistence.OutboxRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Records audit events (table {@code outbox}) and credential events (table {@code credential_outbox}). Call it inside the transaction that makes the
 * change, so the change and its events commit (or roll back) together; {@link OutboxRelay} publishes them
 * afterwards, each to the topic its row names.
 */
@ApplicationScoped
public class AuditOutbox {

    /** The {@code source} of this service's events is {@code /microenv/auth-service}. */
    public static final String SERVICE = "auth-service";

    private final OutboxRepository repository;
    private final CredentialOutboxRepository credentials;
    private final ObjectMapper json;

    public AuditOutbox(OutboxRepository repository, CredentialOutboxRepository credentials, ObjectMapper json) {
        this.repository = repository;
        this.credentials = credentials;
        this.json = json;
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

    /**
     * Appends a credential event for {@code microenv.credentials.v1} (table {@code credential_outbox}); must run
     * inside a transaction.
     */
    public Uni<CredentialEvent> appendCredential(CredentialEvent event) {
        CredentialOutboxEntity row = new CredentialOutboxEntity();
        row.eventId = UUID.fromString(event.id());
        row.topic = CredentialEvent.TOPIC;
        row.recordKey = event.recordKey();
        row.payload = toJson(event);
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return credentials.persist(row).replaceWith(event);
    }

    /** The JSON value of a credential event (also used by plain-SQL writers of the outbox). */
    public String toJson(CredentialEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("credential event cannot be serialised", e);
        }
    }
}
