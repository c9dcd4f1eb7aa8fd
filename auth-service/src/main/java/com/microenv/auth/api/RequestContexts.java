package com.microenv.auth.api;

import com.microenv.auth.service.Caller;
import com.microenv.auth.service.RequestContext;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads who is calling and the request facts audit events need. */
final class RequestContexts {

    private RequestContexts() {
    }

    /** Audit facts of a request that came through the gateway. */
    static RequestContext of(HttpHeaders headers) {
        return new RequestContext(RequestIds.current(headers), firstForwardedFor(headers.getHeaderString("X-Forwarded-For")),
                truncate(headers.getHeaderString(HttpHeaders.USER_AGENT), 256));
    }

    /** The caller named by the verified internal JWT. */
    static Caller caller(SecurityContext security) {
        if (security.getUserPrincipal() instanceof JsonWebToken jwt) {
            return Caller.from(jwt);
        }
        throw new UnauthorizedException();
    }

    private static String firstForwardedFor(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return truncate((comma < 0 ? header : header.substring(0, comma)).strip(), 64);
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
