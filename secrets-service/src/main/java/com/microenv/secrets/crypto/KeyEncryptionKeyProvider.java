package com.microenv.secrets.crypto;

import io.smallrye.mutiny.Uni;

import java.util.Set;
import java.util.UUID;

/**
 * Holds the key-encryption keys (KEKs) and wraps/unwraps data-encryption keys with them. KEKs never leave the
 * provider, and calls are asynchronous, so a KMS (AWS KMS Encrypt/Decrypt, GCP KMS, Vault Transit) implements this
 * interface with a network call per operation, and nothing else changes: wrapped keys are opaque bytes tagged with
 * the id of the KEK that wrapped them.
 *
 * <p>Rotation: the provider wraps with its current KEK and unwraps with any KEK it still holds; the service re-wraps
 * every data key whose KEK id is not {@link #currentKeyId()} (see {@code KekRotation}), after which the old KEK
 * can be retired.
 *
 * <p>Per-project keys: a KMS with one key per project (an AWS KMS key or GCP CryptoKey per project, a Vault Transit
 * key per project) implements the project-scoped {@link #wrap(UUID, byte[], byte[])}, {@link #unwrap(UUID,
 * WrappedKey, byte[])} and {@link #destroy(UUID)}; the service calls only those. Their defaults delegate to the
 * project-less methods (one KEK for every project, as {@link ConfigKeyEncryptionKeyProvider}).
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

    /** Wraps a project's data key; a provider with one key per project uses that project's key. */
    default Uni<WrappedKey> wrap(UUID projectId, byte[] dataKey, byte[] context) {
        return wrap(dataKey, context);
    }

    /** Unwraps a project's data key; a provider with one key per project uses that project's key. */
    default Uni<byte[]> unwrap(UUID projectId, WrappedKey wrappedKey, byte[] context) {
        return unwrap(wrappedKey, context);
    }

    /**
     * Crypto-shredding: destroys whatever this provider keeps for the project (a KMS schedules the deletion of the
     * project's key), so that its wrapped data key, even from a copy of the database, no longer unwraps. Idempotent.
     * With one KEK for every project there is nothing to destroy here (the service deletes the wrapped key).
     */
    default Uni<Void> destroy(UUID projectId) {
        return Uni.createFrom().voidItem();
    }

    /**
     * Whether the key that wraps a project's data key lives outside the service's database and dies with
     * {@link #destroy(UUID)} (so shredding also defeats a database backup taken before the deletion).
     */
    default boolean keysOutsideTheDatabase() {
        return false;
    }
}
