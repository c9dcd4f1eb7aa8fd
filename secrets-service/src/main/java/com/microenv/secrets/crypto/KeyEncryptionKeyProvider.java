package com.microenv.secrets.crypto;

/**
 * Holds the key-encryption key (KEK) and wraps/unwraps data-encryption keys with it. The KEK itself never leaves
 * the provider, so a KMS (Vault transit, AWS KMS, ...) can implement this interface instead of the configured key.
 */
public interface KeyEncryptionKeyProvider {

    /**
     * Wraps a data key under the current KEK.
     *
     * @param dataKey the raw data key; not retained
     * @param context associated data the wrapped key is bound to (unwrapping with any other context fails)
     * @return the wrapped key and the id of the KEK that wrapped it, so a later rotation can re-wrap it
     */
    WrappedKey wrap(byte[] dataKey, byte[] context);

    /**
     * Unwraps a data key.
     *
     * @throws CryptoException if the key was wrapped by a KEK this provider does not hold, was altered, or belongs to
     *                         another context
     */
    byte[] unwrap(WrappedKey wrappedKey, byte[] context);
}
