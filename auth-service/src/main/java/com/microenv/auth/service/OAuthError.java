package com.microenv.auth.service;

/**
 * An OAuth 2.0 error response (RFC 6749 §5.2, RFC 8628 §3.5) of the device token endpoint: HTTP 400 with
 * {@code {"error", "error_description"}}, the shape device-flow clients expect instead of a problem.
 */
public class OAuthError extends RuntimeException {

    public static final String AUTHORIZATION_PENDING = "authorization_pending";
    public static final String SLOW_DOWN = "slow_down";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String EXPIRED_TOKEN = "expired_token";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

    private final String error;
    private final Integer interval;

    public OAuthError(String error, String description, Integer interval) {
        super(description, null, false, false);
        this.error = error;
        this.interval = interval;
    }

    public String error() {
        return error;
    }

    /** The polling interval now in force, for {@code slow_down} and {@code authorization_pending}. */
    public Integer interval() {
        return interval;
    }
}
