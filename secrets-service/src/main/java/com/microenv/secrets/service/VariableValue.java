package com.microenv.secrets.service;

import java.time.Instant;

/** One decrypted variable. */
public record VariableValue(String name, String value, long version, Instant updatedAt, String note) {

    /** Without the value: values must never reach a log line. */
    @Override
    public String toString() {
        return "VariableValue[name=" + name + ", version=" + version + ", updatedAt=" + updatedAt + "]";
    }
}
