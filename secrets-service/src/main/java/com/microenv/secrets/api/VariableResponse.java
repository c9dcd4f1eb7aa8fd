package com.microenv.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** One variable with its value: {@code {"name","value","version","updatedAt","note"}} (note only when set). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariableResponse(String name, String value, long version, Instant updatedAt, String note) {

    /** Without the value: values must never reach a log line. */
    @Override
    public String toString() {
        return "VariableResponse[name=" + name + ", version=" + version + "]";
    }
}
