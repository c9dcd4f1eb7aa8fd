package com.microenv.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body, as every MicroENV service writes it; {@code dependency} (extension member, only on a 503
 * caused by a lost dependency) names it, e.g. {@code postgresql}.
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String dependency) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://microenv.dev/problems/";

    static Problem of(String slug, String title, int status, String detail, String instance, String requestId) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, requestId, null);
    }

    /** The same problem naming the dependency that is unreachable. */
    Problem withDependency(String name) {
        return new Problem(type, title, status, detail, instance, requestId, name);
    }
}
