package com.microenv.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem, shaped as docs/contracts.md says, with two extension members: {@code currentVersion} on a
 * failed {@code If-Match}, {@code dependency} on a 503 caused by PostgreSQL or Kafka.
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "requestId"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      Long currentVersion, String dependency) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://microenv.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance, String requestId) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, requestId, null, null);
    }

    public Problem with(Long version, String unavailableDependency) {
        return new Problem(type, title, status, detail, instance, requestId, version, unavailableDependency);
    }
}
