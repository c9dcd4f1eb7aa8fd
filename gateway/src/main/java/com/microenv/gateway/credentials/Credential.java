package com.microenv.gateway.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A bearer credential that passed the local format check. It is sent to auth-service's exchange and nowhere else;
 * {@link #toString()} never shows it, and caches key on {@link #fingerprint()} instead.
 */
public final class Credential {

    private final CredentialKind kind;
    private final String secret;
    private final String fingerprint;

    Credential(CredentialKind kind, String secret) {
        this.kind = Objects.requireNonNull(kind);
        this.secret = Objects.requireNonNull(secret);
        this.fingerprint = sha256Hex(secret);
    }

    public CredentialKind kind() {
        return kind;
    }

    /** The credential itself, for the token exchange request body only. */
    public String secret() {
        return secret;
    }

    /** Hex SHA-256 of the full credential string: safe to use as a cache key or to compare. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "Credential[" + kind + ", sha256=" + fingerprint.substring(0, 12) + "…]";
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
