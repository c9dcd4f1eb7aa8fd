package com.microenv.secrets.crypto;

import java.util.Objects;
import java.util.UUID;

/** Where a value lives: the coordinates its ciphertext is bound to. */
public record VariableRef(UUID projectId, String environment, String name, long version) {

    public VariableRef {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive");
        }
    }
}
