package com.microenv.audit.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 keys through the JDK (RFC 8032). The private key is configured as its 32-byte seed; the JDK has no
 * "public key from private key" call, so the pair is regenerated from the seed (the JDK's generator draws exactly
 * the 32 seed bytes from its random source), and the result is checked to hold that seed.
 */
public final class Ed25519Keys {

    /** Length of a private key seed and of a raw public key. */
    public static final int KEY_LENGTH = 32;
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {
    }

    /** The key pair whose private key is {@code seed}. */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed == null || seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key is " + KEY_LENGTH + " bytes (base64 of 32 bytes)");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] encoded = pair.getPrivate().getEncoded();
            byte[] tail = Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
            if (!Arrays.equals(tail, seed)) {
                throw new IllegalStateException("this Java runtime does not derive Ed25519 keys from a seed as expected");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this Java runtime", e);
        }
    }

    /** A fresh random pair (for an ephemeral key when none is configured). */
    public static byte[] randomSeed() {
        byte[] seed = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    /** The raw 32-byte public key (RFC 8032 encoding). */
    public static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
    }

    /** A public key from its X.509 SubjectPublicKeyInfo DER or its raw 32 bytes. */
    public static PublicKey publicKey(byte[] encoded) {
        byte[] der = encoded.length == KEY_LENGTH ? concat(X509_PREFIX, encoded) : encoded;
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The key id: the first 16 hex digits of SHA-256 of the raw public key. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands out the seed as the generator's randomness, then refuses to be used again. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;
        private boolean used;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected use of the seed");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
