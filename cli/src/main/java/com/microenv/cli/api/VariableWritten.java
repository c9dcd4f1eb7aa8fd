package com.microenv.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code PUT …/variables/{NAME}}: the version written (the value is not echoed). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VariableWritten(String name, Long version, String updatedAt) {
}
