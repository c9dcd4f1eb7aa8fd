package com.microenv.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the audit store, its query API and its Kafka ingest. */
@ConfigMapping(prefix = "microenv.audit")
public interface AuditConfig {

    Query query();

    Verify verify();

    Ingest ingest();

    Checkpoint checkpoint();

    Retention retention();

    Export export();

    /** Seconds a client is told to wait ({@code Retry-After}) when PostgreSQL cannot be reached. */
    @WithDefault("5")
    int unavailableRetryAfterSeconds();

    /** Signed checkpoints of every project's chain (docs/audit-events.md, Checkpoints). */
    interface Checkpoint {
        /** Whether this replica makes checkpoints (any number of replicas may; they never duplicate one). */
        @WithDefault("true")
        boolean enabled();

        /** How often to checkpoint every project with new events since its last checkpoint. */
        @WithDefault("60s")
        String interval();

        /**
         * Base64 of the 32-byte Ed25519 private key (RFC 8032 seed), env {@code MICROENV_AUDIT_SIGNING_KEY}.
         * Absent: an ephemeral key is made at start (development only; a warning says so).
         */
        Optional<String> signingKey();

        /** Base64 public keys (raw 32 bytes or X.509) of earlier signing keys whose checkpoints stay trusted. */
        Optional<List<String>> trustedPublicKeys();

        /** Most projects checkpointed per run; the rest wait for the next run. */
        @WithDefault("5000")
        int maxProjectsPerRun();
    }

    /** Removal of expired events (docs/audit-events.md, Retention). Off unless a period is set. */
    interface Retention {
        /** Events older than this are removed, e.g. {@code P400D}; absent: kept for ever. */
        Optional<Duration> period();

        /** How often the retention job runs. */
        @WithDefault("1h")
        String interval();
    }

    /** JSON-lines export. */
    interface Export {
        /** Rows read from the database per round trip while streaming an export. */
        @WithDefault("500")
        int batchSize();
    }

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
