package com.microenv.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of one project's audit events: {@code hash = SHA-256(prev_hash || canonical event bytes)},
 * where the canonical bytes are the UTF-8 of the event's JSON exactly as stored, and the first event of a
 * project links to {@link #GENESIS} (32 zero bytes).
 */
public final class HashChain {

    /** Size in bytes of every link hash. */
    public static final int HASH_LENGTH = 32;

    private static final byte[] GENESIS = new byte[HASH_LENGTH];

    private HashChain() {
    }

    /** The {@code prev_hash} of a project's first event: 32 zero bytes. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /** The hash of the link that appends {@code canonicalEvent} after the link whose hash is {@code prevHash}. */
    public static byte[] link(byte[] prevHash, String canonicalEvent) {
        if (prevHash == null || prevHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("prev hash must be " + HASH_LENGTH + " bytes");
        }
        MessageDigest sha256 = sha256();
        sha256.update(prevHash);
        sha256.update(canonicalEvent.getBytes(StandardCharsets.UTF_8));
        return sha256.digest();
    }

    /** Lower-case hex, the form hashes take in API responses. */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
