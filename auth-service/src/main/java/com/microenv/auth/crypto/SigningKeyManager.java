package com.microenv.auth.crypto;

import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.persistence.SigningKeyRepository;
import com.microenv.auth.persistence.SigningKeyRepository.StoredSigningKey;
import com.microenv.credential.CredentialFormat;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Owns the RSA signing keys: creates the first one when the database has none (sealed with AES-256-GCM
 * under the KEK), loads the active and recently retired keys into the {@link SigningKeyRing} at start,
 * and reloads them periodically so keys made by another replica become known here.
 */
@ApplicationScoped
public class SigningKeyManager {

    private static final Logger LOG = Logger.getLogger(SigningKeyManager.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final SigningKeyRepository repository;
    private final SigningKeyRing ring;
    private final AuthConfig config;
    private final KeyEncryption kek;

    public SigningKeyManager(SigningKeyRepository repository, SigningKeyRing ring, AuthConfig config) {
        this.repository = repository;
        this.ring = ring;
        this.config = config;
        this.kek = KeyEncryption.fromBase64(config.kek());
    }

    /** Runs on the main thread before traffic is served, so blocking here is fine. */
    void onStart(@Observes StartupEvent event) {
        if (!repository.hasActiveKey().await().atMost(STARTUP_TIMEOUT)) {
            StoredSigningKey candidate = generate(true);
            repository.insertIfNoActiveKey(() -> candidate).await().atMost(STARTUP_TIMEOUT);
        }
        reload().await().atMost(STARTUP_TIMEOUT);
        LOG.infof("Signing key %s is active", ring.active().kid());
    }

    /** The outcome of a rotation. */
    public record Rotated(String kid, String previousKid, Instant previousPublishedUntil) {
    }

    /**
     * Makes a new key the active one and retires the current one, which stays in the JWKS (and verifies) for
     * {@code retired-grace}, longer than any token it signed lives. Other replicas switch at their next reload;
     * until then they keep signing with the retired key, whose tokens verify everywhere.
     */
    public Uni<Rotated> rotate(java.util.function.Function<String, Object[]> auditRowForKid) {
        StoredSigningKey next = generate(false);
        return repository.rotate(next, auditRowForKid.apply(next.kid()))
                .chain(previous -> reload().replaceWith(new Rotated(next.kid(), previous,
                        Instant.now().plus(config.signingKeys().retiredGrace()))));
    }

    @Scheduled(every = "{microenv.auth.signing-keys.reload-interval}", delayed = "{microenv.auth.signing-keys.reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        Instant retiredSince = Instant.now().minus(config.signingKeys().retiredGrace());
        return repository.findPublished(retiredSince)
                .invoke(this::install)
                .onFailure().invoke(e -> LOG.warnf("Reloading signing keys failed (keeping the current set): %s", e.getMessage()))
                .replaceWithVoid();
    }

    private void install(List<StoredSigningKey> keys) {
        StoredSigningKey active = keys.stream().filter(StoredSigningKey::active).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active signing key in the database"));
        List<SigningKeyRing.PublishedKey> published = keys.stream()
                .map(key -> new SigningKeyRing.PublishedKey(key.kid(), publicKey(key.publicKey()), key.createdAt()))
                .toList();
        ring.install(new SigningKeyRing.ActiveKey(active.kid(), privateKey(active)), published);
    }

    private StoredSigningKey generate(boolean active) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(config.signingKeys().rsaBits(), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            String kid = "mk-" + CredentialFormat.randomBase62(16, new SecureRandom());
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            try {
                byte[] sealed = kek.seal(pkcs8, associatedData(kid));
                return new StoredSigningKey(kid, sealed, pair.getPublic().getEncoded(),
                        Instant.now().truncatedTo(ChronoUnit.MICROS), active);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    private PrivateKey privateKey(StoredSigningKey key) {
        byte[] pkcs8;
        try {
            pkcs8 = kek.open(key.sealedPrivateKey(), associatedData(key.kid()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("signing key " + key.kid()
                    + " does not decrypt under the configured KEK (was MICROENV_KEK changed?)", e);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + key.kid() + " is not an RSA private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static RSAPublicKey publicKey(byte[] x509) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored public key is not an RSA key", e);
        }
    }

    /** Binds a sealed private key to its kid, so it cannot be swapped into another row. */
    private static byte[] associatedData(String kid) {
        return ("microenv-auth/signing-key/" + kid).getBytes(StandardCharsets.UTF_8);
    }
}
