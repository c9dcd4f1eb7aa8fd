package com.microenv.secrets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Typed settings of secrets-service, under the {@code microenv.} prefix. */
@ConfigMapping(prefix = "microenv")
public interface SecretsConfig {

    /** Envelope encryption. */
    Crypto crypto();

    /** Audit events for reads (sent straight to Kafka) and for changes (through the outbox). */
    Audit audit();

    /** The relay that publishes outbox rows to Kafka. */
    Outbox outbox();

    /** Operator endpoints under {@code /internal/v1} (KEK rotation). */
    Admin admin();

    interface Admin {
        /**
         * The bearer token operators present to {@code /internal/v1/kek-rotation} ({@code MICROENV_SECRETS_ADMIN_TOKEN});
         * when unset, those endpoints answer 404.
         */
        Optional<String> token();
    }

    interface Crypto {
        /**
         * Which {@code KeyEncryptionKeyProvider} wraps data keys ({@code MICROENV_KEK_PROVIDER}): {@code config} (the
         * KEK itself) or {@code local-keyring} (a key per project outside the database, destroyed with the project).
         */
        @WithDefault("config")
        String kekProvider();

        /** The local keyring ({@code kek-provider=local-keyring}). */
        Keyring keyring();

        interface Keyring {
            /** The folder holding one key file per project and generation. */
            @WithDefault(".microenv/keyring/secrets-service")
            String dir();

            /** The current generation: raising it rotates every project's key (the KEK rotation re-wraps). */
            @WithDefault("1")
            int generation();

            /**
             * Whether the KEK rotation moves data keys still wrapped by the configuration KEK into the keyring
             * (off: they keep working as they are, e.g. in a database shared with config-provider services).
             */
            @WithDefault("false")
            boolean migrateConfigKeys();
        }

        /**
         * The key-encryption key: base64 of exactly 32 random bytes ({@code MICROENV_KEK}). Optional here only so that
         * its absence can be reported with a clear message by the provider rather than a generic config error.
         */
        Optional<String> kek();

        /** Retired KEKs (base64, comma-separated; {@code MICROENV_KEK_PREVIOUS}) still accepted for unwrapping during a rotation. */
        Optional<java.util.List<String>> previousKeks();

        /** Whether the service re-wraps data keys still under a previous KEK by itself, in the background, at start. */
        @WithDefault("true")
        boolean rotateOnStart();

        /** Data keys re-wrapped per transaction during a KEK rotation. */
        @WithDefault("50")
        int rotationBatchSize();

        /** How long an unwrapped data-encryption key stays in memory after it was last loaded. */
        @WithDefault("PT5M")
        Duration dekCacheTtl();

        /** Upper bound on the number of unwrapped data-encryption keys held in memory. */
        @WithDefault("10000")
        long dekCacheSize();
    }

    interface Audit {
        /**
         * When true, values are returned only after Kafka acknowledged the read's audit event; when Kafka does not
         * acknowledge in time the caller gets 503 and no values. When false, a failed audit is logged and the read
         * goes ahead.
         */
        @WithDefault("true")
        boolean failClosed();

        /** How long a read waits for Kafka to acknowledge its audit event. */
        @WithDefault("PT5S")
        Duration ackTimeout();

        /**
         * Once an acknowledgement failed, reads are refused at once; after this long since the last failure one read
         * at a time probes Kafka again (waiting up to the ack timeout).
         */
        @WithDefault("PT2S")
        Duration probeInterval();
    }

    interface Outbox {
        /** Pause between two relay runs. */
        @WithDefault("PT0.2S")
        Duration relayInterval();

        /** Most rows one relay run locks and publishes. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for Kafka to acknowledge one event before it stops the run and retries later. */
        @WithDefault("PT5S")
        Duration ackTimeout();
    }
}
