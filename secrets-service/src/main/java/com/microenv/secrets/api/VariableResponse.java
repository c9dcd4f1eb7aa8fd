package com.microenv.secrets.api;

import java.time.Instant;

/** One variable with its value: {@code {"name","value","version","updatedAt"}}. */
public record VariableResponse(String name, String value, long version, Instant updatedAt) {

    /** Without the value: values must never reach a log line. */
    @Override
    public String toString() {
        return "VariableResponse[name=" + name + ", version=" + version + "]";
    }
}
