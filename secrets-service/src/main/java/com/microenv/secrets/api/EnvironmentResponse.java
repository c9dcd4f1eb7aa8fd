package com.microenv.secrets.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** One environment: {@code {"name","createdAt","protected"}}. */
public record EnvironmentResponse(String name, Instant createdAt, @JsonProperty("protected") boolean isProtected) {
}
