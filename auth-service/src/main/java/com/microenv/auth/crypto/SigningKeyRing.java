package com.microenv.auth.crypto;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing keys this replica holds in memory: the active key that signs new internal JWTs, and the
 * public keys (active and recently retired) that verify them and make up the JWKS. {@link SigningKeyManager}
 * fills it from the database at start and refreshes it periodically.
 */
@ApplicationScoped
public class SigningKeyRing {

    /** The key that signs new tokens. */
    public record ActiveKey(String kid, PrivateKey privateKey) {
        public ActiveKey {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "ActiveKey[kid=" + kid + "]";
        }
    }

    /** A public key published in the JWKS. */
    public record PublishedKey(String kid, RSAPublicKey publicKey, Instant createdAt) {
    }

    private record Snapshot(ActiveKey active, Map<String, PublishedKey> published) {
    }

    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    /** Replaces the key set atomically; {@code published} must contain the active key's public half. */
    public void install(ActiveKey active, List<PublishedKey> published) {
        Map<String, PublishedKey> byKid = new LinkedHashMap<>();
        published.stream()
                .sorted(Comparator.comparing(PublishedKey::createdAt).reversed())
                .forEach(key -> byKid.put(key.kid(), key));
        if (!byKid.containsKey(active.kid())) {
            throw new IllegalArgumentException("the active key " + active.kid() + " is not among the published keys");
        }
        snapshot = new Snapshot(active, Map.copyOf(byKid));
    }

    /** The key that signs new tokens. */
    public ActiveKey active() {
        ActiveKey active = snapshot.active();
        if (active == null) {
            throw new IllegalStateException("signing keys are not loaded yet");
        }
        return active;
    }

    /** The public key for {@code kid}, when it is active or recently retired. */
    public Optional<RSAPublicKey> verificationKey(String kid) {
        PublishedKey key = kid == null ? null : snapshot.published().get(kid);
        return Optional.ofNullable(key).map(PublishedKey::publicKey);
    }

    /** The keys for the JWKS, newest first. */
    public List<PublishedKey> published() {
        return snapshot.published().values().stream()
                .sorted(Comparator.comparing(PublishedKey::createdAt).reversed())
                .toList();
    }
}
