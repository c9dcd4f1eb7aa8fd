package com.microenv.secrets.crypto;

import io.smallrye.mutiny.Uni;

import java.util.Set;

/**
 * Holds the key-encryption keys (KEKs) and wraps/unwraps data-encryption keys with them. KEKs never leave the
 * provider, and calls are asynchronous, so a KMS (AWS KMS Encrypt/Decrypt, GCP KMS, Vault Transit) implements this
 * interface with a network call per operation, and nothing else changes: wrapped keys are opaque bytes tagged with
 * the id of the KEK that wrapped them.
 *
 * <p>Rotation: the provider wraps with its current KEK and unwraps with any KEK it still holds; the service re-wraps
 * every data key whose KEK id is not {@link #currentKeyId()} (see {@code KekRotation}), after which the old KEK
 * can be retired.
 */
public interface KeyEncryptionKeyProvider {

    /** The id of the KEK that {@link #wrap} uses (a fingerprint, a KMS key ARN or a Transit key version). */
    String currentKeyId();

    /** Every KEK id this provider can unwrap with (the current one and those kept for a rotation). */
    Set<String> keyIds();

    /**
     * Wraps a data key under the current KEK.
     *
     * @param dataKey the raw data key; not retained
     * @param context associated data the wrapped key is bound to (unwrapping with any other context fails)
     */
    Uni<WrappedKey> wrap(byte[] dataKey, byte[] context);

    /**
     * Unwraps a data key; the Uni fails with {@link CryptoException} if the key was wrapped by a KEK this provider
     * does not hold, was altered, or belongs to another context.
     */
    Uni<byte[]> unwrap(WrappedKey wrappedKey, byte[] context);
}
