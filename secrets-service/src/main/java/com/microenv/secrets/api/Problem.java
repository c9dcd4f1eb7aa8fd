package com.microenv.secrets.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An RFC 9457 problem, shaped as docs/contracts.md says. */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "requestId"})
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://microenv.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance, String requestId) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, requestId);
    }
}
