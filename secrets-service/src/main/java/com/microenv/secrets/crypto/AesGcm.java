package com.microenv.secrets.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** AES-256-GCM with 96-bit random nonces and 128-bit tags: the one cipher used for keys and values alike. */
final class AesGcm {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One Cipher per thread and direction: re-initialising a Cipher with the key it already holds skips the AES key
     * expansion, so a list of values under one data key pays for the key schedule once per thread, not per value.
     */
    private static final ThreadLocal<Cipher> ENCRYPTING = ThreadLocal.withInitial(AesGcm::newCipher);
    private static final ThreadLocal<Cipher> DECRYPTING = ThreadLocal.withInitial(AesGcm::newCipher);

    private AesGcm() {
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = ENCRYPTING.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    static byte[] decrypt(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] associatedData) {
        if (nonce.length != NONCE_BYTES) {
            throw new CryptoException("nonce must be " + NONCE_BYTES + " bytes");
        }
        try {
            Cipher cipher = DECRYPTING.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new CryptoException("authentication failed: wrong key, altered ciphertext or different associated data", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM decryption failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
