package com.microenv.secrets.api;

import java.time.Instant;

/** The answer to a write: {@code {"name","version","updatedAt"}}, never the value. */
public record WriteResponse(String name, long version, Instant updatedAt) {
}
