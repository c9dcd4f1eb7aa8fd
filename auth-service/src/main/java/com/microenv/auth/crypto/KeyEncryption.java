package com.microenv.auth.crypto;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * AES-256-GCM under the key-encryption key (KEK), for secrets auth-service keeps at rest (the signing
 * keys' private halves). A sealed blob is {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}; the
 * associated data binds it to its row, so a blob copied to another row does not open.
 */
public final class KeyEncryption {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey kek;

    private KeyEncryption(byte[] key) {
        this.kek = new SecretKeySpec(key, "AES");
    }

    /**
     * The KEK from its base64 form. Errors name the problem, never the value.
     *
     * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes
     */
    public static KeyEncryption fromBase64(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the KEK (MICROENV_KEK) is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the KEK (MICROENV_KEK) must be base64 of 32 bytes, got " + key.length);
        }
        try {
            return new KeyEncryption(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Encrypts {@code plaintext} with a fresh random nonce, authenticating {@code associatedData}. */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] blob = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, blob, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, blob, NONCE_BYTES, sealed.length);
            return blob;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a blob made by {@link #seal}.
     *
     * @throws IllegalStateException when the blob was altered, belongs to other associated data, or was
     *                               sealed under another KEK
     */
    public byte[] open(byte[] blob, byte[] associatedData) {
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("sealed blob is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed blob does not open under this KEK and associated data", e);
        }
    }
}
