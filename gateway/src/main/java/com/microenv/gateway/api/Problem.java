package com.microenv.gateway.api;

/**
 * An RFC 9457 problem the gateway answers with; {@code slug} completes {@code https://microenv.dev/problems/<slug>}.
 * The detail is shown to clients, so it never carries a credential, token or value.
 */
public record Problem(int status, String slug, String title, String detail, long retryAfterSeconds) {

    public static final String TYPE_BASE = "https://microenv.dev/problems/";

    public Problem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, 0);
    }

    /** The same problem with a {@code Retry-After} of {@code seconds} (at least 1). */
    public Problem retryAfter(long seconds) {
        return new Problem(status, slug, title, detail, Math.max(1, seconds));
    }

    public String type() {
        return TYPE_BASE + slug;
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", "Unauthorized", detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Forbidden", detail);
    }

    public static Problem validation(String detail) {
        return new Problem(400, "validation", "Bad request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }

    public static Problem payloadTooLarge(String detail) {
        return new Problem(413, "payload-too-large", "Payload too large", detail);
    }

    public static Problem tooManyRequests(String detail, long retryAfterSeconds) {
        return new Problem(429, "too-many-requests", "Too many requests", detail).retryAfter(retryAfterSeconds);
    }

    public static Problem requestTimeout(String detail) {
        return new Problem(408, "request-timeout", "Request timeout", detail);
    }

    public static Problem badGateway(String detail) {
        return new Problem(502, "bad-gateway", "Bad gateway", detail);
    }

    public static Problem unavailable(String detail) {
        return new Problem(503, "unavailable", "Service unavailable", detail);
    }

    public static Problem gatewayTimeout(String detail) {
        return new Problem(504, "gateway-timeout", "Gateway timeout", detail);
    }

    public static Problem internal(String detail) {
        return new Problem(500, "internal", "Internal error", detail);
    }

    /** A problem of the given status when an upstream answered an error without a usable problem document. */
    public static Problem ofStatus(int status, String detail) {
        return switch (status) {
            case 400 -> validation(detail);
            case 401 -> unauthorized(detail);
            case 403 -> forbidden(detail);
            case 404 -> notFound(detail);
            case 409 -> new Problem(409, "conflict", "Conflict", detail);
            case 413 -> payloadTooLarge(detail);
            default -> new Problem(status, status >= 500 ? "unavailable" : "client-error",
                    status >= 500 ? "Upstream error" : "Request refused", detail);
        };
    }
}
