package com.microenv.secrets.crypto;

import java.util.Objects;

/**
 * A data-encryption key wrapped by a key-encryption key.
 *
 * @param kekId      which KEK wrapped it
 * @param ciphertext the wrapped key, opaque to everyone but the provider of that KEK
 */
public record WrappedKey(String kekId, byte[] ciphertext) {

    public WrappedKey {
        Objects.requireNonNull(kekId, "kekId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
