package com.microenv.secrets.service;

import java.time.Instant;

/** The outcome of a write: the new version, never the value. */
public record WriteResult(String name, long version, Instant updatedAt, boolean created) {
}
