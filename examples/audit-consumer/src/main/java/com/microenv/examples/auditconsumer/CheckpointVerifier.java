package com.microenv.examples.auditconsumer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the Ed25519 signature of a checkpoint from {@code microenv.audit-checkpoints.v1} exactly as
 * docs/audit-events.md (Checkpoints) specifies: the canonical form is rebuilt from the JSON fields and verified
 * with a trusted public key, chosen by its key id (first 16 hex digits of SHA-256 of the raw 32-byte key).
 */
final class CheckpointVerifier {

    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw 32-byte key follows. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    enum Signed { VALID, INVALID, UNKNOWN_KEY }

    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    /** Trusts a raw 32-byte Ed25519 public key (base64), as {@code GET …/audit-chain/public-key} serves it. */
    String trust(String base64RawKey) {
        byte[] raw = Base64.getDecoder().decode(base64RawKey.trim());
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            String id = keyId(raw);
            trusted.put(id, key);
            return id;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    boolean hasKeys() {
        return !trusted.isEmpty();
    }

    static String keyId(byte[] rawPublicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exact text that is signed: eight lines, each ending in LF. */
    static String canonical(Map<String, Object> checkpoint) {
        return "microenv-audit-checkpoint/v1\n"
                + "project=" + text(checkpoint, "projectId") + "\n"
                + "seq=" + number(checkpoint, "seq") + "\n"
                + "events=" + number(checkpoint, "events") + "\n"
                + "head=" + text(checkpoint, "headHash") + "\n"
                + "time=" + text(checkpoint, "time") + "\n"
                + "kind=" + text(checkpoint, "kind") + "\n"
                + "key=" + text(checkpoint, "keyId") + "\n";
    }

    Signed verify(Map<String, Object> checkpoint) {
        PublicKey key = trusted.get(text(checkpoint, "keyId"));
        if (key == null || !"Ed25519".equals(checkpoint.get("algorithm"))) {
            return Signed.UNKNOWN_KEY;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(canonical(checkpoint).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(text(checkpoint, "signature"))) ? Signed.VALID : Signed.INVALID;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Signed.INVALID;
        }
    }

    static String text(Map<String, Object> json, String field) {
        if (json.get(field) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("checkpoint field " + field + " is missing or not a string");
    }

    static long number(Map<String, Object> json, String field) {
        if (json.get(field) instanceof BigDecimal n) {
            return n.longValueExact();
        }
        throw new IllegalArgumentException("checkpoint field " + field + " is missing or not a number");
    }
}
