package com.microenv.audit.api;

/** An RFC 9457 problem body, as every MicroENV service writes it. */
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://microenv.dev/problems/";

    static Problem of(String slug, String title, int status, String detail, String instance, String requestId) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, requestId);
    }
}
