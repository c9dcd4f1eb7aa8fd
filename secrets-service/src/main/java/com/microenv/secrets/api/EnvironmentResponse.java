package com.microenv.secrets.api;

import java.time.Instant;

/** One environment: {@code {"name","createdAt"}}. */
public record EnvironmentResponse(String name, Instant createdAt) {
}
