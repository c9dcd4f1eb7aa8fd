package com.microenv.secrets.service;

import java.time.Instant;

/** A variable without its value: what {@code ?names_only=true} lists. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record VariableMetadata(String name, long version, Instant updatedAt, String updatedBy, String note) {
}
