package com.microenv.audit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of an audit event, shared by producers and the audit store. Field order is fixed
 * and timestamps are ISO-8601, so the same event always serialises to the same bytes (the audit
 * chain hashes them).
 */
public final class AuditEventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AuditEventCodec() {
    }

    public static String toJson(AuditEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit event cannot be serialised", e);
        }
    }

    /** Parses an event; a record that is not a valid event gets an {@link IllegalArgumentException}. */
    public static AuditEvent fromJson(String json) {
        try {
            return MAPPER.readValue(json, AuditEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a MicroENV audit event: " + originalMessage(e), e);
        }
    }

    private static String originalMessage(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
