package com.microenv.audit.crypto;

import com.microenv.audit.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signs checkpoints with the configured Ed25519 key and checks signatures against it and the other trusted
 * public keys (earlier keys, after a rotation). The private key never leaves this class.
 */
@ApplicationScoped
public class CheckpointSigner {

    public static final String ALGORITHM = "Ed25519";
    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);

    private final KeyPair pair;
    private final String keyId;
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    public CheckpointSigner(AuditConfig config) {
        Optional<String> configured = config.checkpoint().signingKey().filter(k -> !k.isBlank());
        byte[] seed;
        if (configured.isPresent()) {
            try {
                seed = Base64.getDecoder().decode(configured.get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("microenv.audit.checkpoint.signing-key (MICROENV_AUDIT_SIGNING_KEY) is not base64");
            }
        } else {
            seed = Ed25519Keys.randomSeed();
        }
        pair = Ed25519Keys.fromSeed(seed);
        keyId = Ed25519Keys.keyId(pair.getPublic());
        trusted.put(keyId, pair.getPublic());
        config.checkpoint().trustedPublicKeys().ifPresent(keys -> keys.stream().filter(k -> !k.isBlank()).forEach(k -> {
            PublicKey key = Ed25519Keys.publicKey(Base64.getDecoder().decode(k.trim()));
            trusted.put(Ed25519Keys.keyId(key), key);
        }));
        if (configured.isEmpty()) {
            LOG.warnf("No checkpoint signing key configured (MICROENV_AUDIT_SIGNING_KEY): signing with an ephemeral key %s;"
                    + " checkpoints made before a restart will not verify against it", keyId);
        }
    }

    /** Id of the current signing key. */
    public String keyId() {
        return keyId;
    }

    /** The current public key. */
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** Every public key whose checkpoints are trusted, by key id (the current one first). */
    public Map<String, PublicKey> trustedKeys() {
        return Map.copyOf(trusted);
    }

    /** The public side, as {@code GET …/audit-chain/public-key} serves it: the current key and every trusted one. */
    public Map<String, Object> describe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithm", ALGORITHM);
        body.put("keyId", keyId);
        body.put("publicKey", Base64.getEncoder().encodeToString(Ed25519Keys.raw(pair.getPublic())));
        body.put("publicKeyPem", pem(pair.getPublic()));
        body.put("trustedKeys", trusted.entrySet().stream().map(e -> Map.of(
                "keyId", e.getKey(),
                "publicKey", Base64.getEncoder().encodeToString(Ed25519Keys.raw(e.getValue())))).toList());
        return body;
    }

    /** PEM of an X.509 SubjectPublicKeyInfo, as {@code openssl pkey -pubin} reads it. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    public byte[] sign(String canonical) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(pair.getPrivate());
            signature.update(canonical.getBytes(StandardCharsets.UTF_8));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} over {@code canonical} checks out with the trusted key {@code keyId}. */
    public boolean verify(String keyId, String algorithm, String canonical, byte[] signature) {
        PublicKey key = trusted.get(keyId);
        return key != null && ALGORITHM.equals(algorithm) && verify(key, canonical, signature);
    }

    /** Checks an Ed25519 signature with any public key (also used by outside verifiers' tests). */
    public static boolean verify(PublicKey key, String canonical, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(canonical.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
