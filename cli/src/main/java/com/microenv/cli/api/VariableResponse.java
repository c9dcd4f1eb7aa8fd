package com.microenv.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET …/variables/{NAME}}: one variable with its value and version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VariableResponse(String name, String value, Long version, String updatedAt) {

    @Override
    public String toString() {
        return "VariableResponse[name=" + name + ", version=" + version + ", updatedAt=" + updatedAt + "]";
    }
}
