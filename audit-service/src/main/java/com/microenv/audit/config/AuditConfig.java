package com.microenv.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the audit store, its query API and its Kafka ingest. */
@ConfigMapping(prefix = "microenv.audit")
public interface AuditConfig {

    Query query();

    Verify verify();

    Ingest ingest();

    /** Paging of {@code GET /v1/projects/{p}/audit-events}. */
    interface Query {
        /** Page size when the request names none. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest page size a request may ask for. */
        @WithDefault("200")
        int maxLimit();
    }

    /** Chain verification. */
    interface Verify {
        /** Rows read from the database per round trip while walking a chain. */
        @WithDefault("1000")
        int batchSize();
    }

    /** Storing consumed events. */
    interface Ingest {
        /** First pause before retrying an event whose storage failed for a passing reason (database down). */
        @WithDefault("PT0.5S")
        Duration retryInitialBackoff();

        /** Longest pause between such retries; the partition waits (at-least-once) until the event is stored. */
        @WithDefault("PT30S")
        Duration retryMaxBackoff();
    }
}
