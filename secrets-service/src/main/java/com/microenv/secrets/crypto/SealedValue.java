package com.microenv.secrets.crypto;

import java.util.Objects;

/**
 * One encrypted variable value as stored: AES-256-GCM ciphertext (with its tag) and the nonce used for it.
 */
public record SealedValue(byte[] nonce, byte[] ciphertext) {

    public SealedValue {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
