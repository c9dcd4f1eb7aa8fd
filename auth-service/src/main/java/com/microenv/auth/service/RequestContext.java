package com.microenv.auth.service;

/**
 * Facts about the HTTP request that audit events carry.
 *
 * @param requestId the gateway's {@code X-Request-Id} (or one made here)
 * @param clientIp  the end client's address as the gateway saw it
 * @param userAgent the end client's user agent
 */
public record RequestContext(String requestId, String clientIp, String userAgent) {
}
