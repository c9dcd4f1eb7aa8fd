package com.microenv.audit.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One audit event: a CloudEvents 1.0 record in structured JSON mode, as published to
 * {@value #TOPIC} with the project id as the record key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data"})
public record AuditEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String dataschema,
        AuditData data) {

    public static final String TOPIC = "microenv.audit.v1";
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String DATA_SCHEMA = "https://microenv.dev/schemas/audit-event.v1.json";

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion must be " + SPEC_VERSION);
        }
    }

    /**
     * A new event with a fresh id and the current time (microsecond precision, as PostgreSQL keeps it).
     *
     * @param service the producing service, e.g. {@code secrets-service}; becomes {@code /microenv/<service>}
     * @param type    the event type, e.g. {@link AuditTypes#VARIABLE_READ}
     * @param subject the resource path, e.g. {@code /projects/<p>/environments/<e>/variables}
     * @throws IllegalArgumentException when {@code type} has no file in the catalogue ({@link AuditCatalogue})
     */
    public static AuditEvent of(String service, String type, String subject, AuditData data) {
        AuditCatalogue.require(type);
        return new AuditEvent(SPEC_VERSION, UUID.randomUUID().toString(), "/microenv/" + service, type, subject,
                Instant.now().truncatedTo(ChronoUnit.MICROS), CONTENT_TYPE, DATA_SCHEMA, data);
    }

    /** The Kafka record key: one project's events share a partition and so stay in order. */
    public String partitionKey() {
        return data.projectId();
    }
}
