package com.microenv.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of auth-service under {@code microenv.auth}. */
@ConfigMapping(prefix = "microenv.auth")
public interface AuthConfig {

    /** Internal JWTs issued by the token exchange. */
    Token token();

    /** Signing keys for internal JWTs. */
    SigningKeys signingKeys();

    /** Transactional outbox relay to Kafka. */
    Outbox outbox();

    /**
     * The key-encryption key: base64 of 32 random bytes (AES-256). It encrypts the signing keys' private
     * halves at rest; set from {@code MICROENV_KEK}.
     */
    String kek();

    /** The device flow ({@code microenv login}, RFC 8628). */
    Device device();

    /** CLI tokens ({@code menv_ct_}). */
    CliTokens cliTokens();

    /** API key lifecycle jobs. */
    ApiKeys apiKeys();

    /** OIDC trusts: how outside identity tokens are checked. */
    Oidc oidc();

    /** Workload tokens ({@code menv_wt_}) issued by trust logins. */
    WorkloadTokens workloadTokens();

    /**
     * The public base URL people reach MicroENV at (the gateway); the device flow's {@code verification_uri}
     * is this plus {@code /device}.
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicUrl();

    /**
     * Keycloak client ids ({@code azp}) whose service-account tokens may rotate the signing key
     * ({@code POST /internal/v1/signing-keys/rotate}).
     */
    @WithDefault("microenv-gateway")
    java.util.List<String> operatorClientIds();

    /** The Keycloak client id ({@code azp}) whose service-account tokens may call {@code /internal/**}. */
    @WithDefault("microenv-gateway")
    String gatewayClientId();

    interface Token {
        /** Lifetime of an internal JWT; values above 300 s are capped to 300 s (the contract's maximum). */
        @WithDefault("300s")
        Duration lifetime();
    }

    interface SigningKeys {
        /** RSA modulus size of newly generated signing keys. */
        @WithDefault("2048")
        int rsaBits();

        /**
         * How long a retired key stays in the JWKS and is still accepted, so that tokens it signed
         * live out their lifetime and verifiers with cached keys keep working.
         */
        @WithDefault("1h")
        Duration retiredGrace();

        /** How often each replica reloads the key set from the database (keys made by other replicas). */
        @WithDefault("60s")
        Duration reloadInterval();
    }

    interface Outbox {
        /** How often each replica looks for unsent outbox rows. */
        @WithDefault("0.2s")
        Duration pollInterval();

        /** The most outbox rows one relay pass publishes. */
        @WithDefault("100")
        int batchSize();

        /** How long one relay pass may wait for Kafka to acknowledge its batch before giving up. */
        @WithDefault("15s")
        Duration sendTimeout();
    }

    interface Device {
        /** How long a device code and its user code stay valid (RFC 8628 {@code expires_in}). */
        @WithDefault("600s")
        Duration codeLifetime();

        /** The minimum polling interval handed to devices; each {@code slow_down} adds 5 s to it. */
        @WithDefault("5s")
        Duration interval();
    }

    interface CliTokens {
        /** Lifetime of a CLI token when the login asks for none. */
        @WithDefault("30d")
        Duration defaultLifetime();

        /** The longest lifetime a login may ask for; longer requests get this. */
        @WithDefault("90d")
        Duration maxLifetime();
    }

    interface ApiKeys {
        /** How often each replica looks for keys whose expiry or rotation grace has ended, to publish their event. */
        @WithDefault("5s")
        Duration endScanInterval();
    }

    interface Oidc {
        /**
         * Whether a trust's issuer (and the JWKS its discovery names) may be plain {@code http://}. Off: issuers must
         * be https. On only for local stacks and tests, whose fake CI issuer is a local Keycloak realm.
         */
        @WithDefault("false")
        boolean allowHttpIssuers();

        /** Clock skew allowed on the outside token's {@code exp}, {@code nbf} and {@code iat}. */
        @WithDefault("30s")
        Duration clockSkew();

        /** How long an issuer's discovery document (its {@code jwks_uri}) is reused before being fetched again. */
        @WithDefault("1h")
        Duration discoveryCacheDuration();

        /**
         * How long an issuer's JWKS is reused when its response names no cache lifetime; a token signed by a key not
         * in the cached set makes it be fetched again at once (key rotation is followed without a restart).
         */
        @WithDefault("10m")
        Duration jwksCacheDuration();

        /** Connect and read timeout of each discovery or JWKS fetch. */
        @WithDefault("5s")
        Duration httpTimeout();

        /** How many recent refusals {@code GET …/oidc-trusts/{id}/refusals} shows. */
        @WithDefault("50")
        int refusalsShown();

        /** How long refusals are kept. */
        @WithDefault("30d")
        Duration refusalsRetention();
    }

    interface WorkloadTokens {
        /** A trust's token lifetime when its creator names none. */
        @WithDefault("15m")
        Duration defaultLifetime();

        /** The longest token lifetime a trust may set. */
        @WithDefault("1h")
        Duration maxLifetime();

        /** The shortest token lifetime a trust may set. */
        @WithDefault("60s")
        Duration minLifetime();
    }
}
