package com.microenv.secrets.persistence;

import java.time.Instant;

/** A current variable row as the read path loads it: the value only as ciphertext. */
public record StoredVariable(String environment, String name, long version, byte[] ciphertext, byte[] nonce,
                             Instant updatedAt, String updatedBy, String note) {

    @Override
    public String toString() {
        return "StoredVariable[" + environment + "." + name + " v" + version + "]";
    }
}
