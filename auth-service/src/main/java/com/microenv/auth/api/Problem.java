package com.microenv.auth.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An RFC 9457 problem as docs/contracts.md shapes it. */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "requestId"})
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://microenv.dev/problems/";
}
