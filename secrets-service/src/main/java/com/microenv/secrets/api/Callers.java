package com.microenv.secrets.api;

import com.microenv.secrets.service.Caller;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Builds the {@link Caller} from the verified internal JWT (claims per docs/contracts.md) and the request. */
final class Callers {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final int MAX_HEADER_FACT_LENGTH = 512;

    private Callers() {
    }

    static Caller from(JsonWebToken jwt, HttpHeaders headers, HttpServerRequest request) {
        return new Caller(
                jwt.getSubject(),
                stringClaim(jwt, "menv_actor_name"),
                stringClaim(jwt, "menv_cred_id"),
                stringClaim(jwt, "menv_cred_kind"),
                stringClaim(jwt, "menv_project"),
                setClaim(jwt, "menv_envs"),
                setClaim(jwt, "menv_perms"),
                headers.getHeaderString(REQUEST_ID_HEADER),
                clientIp(headers, request),
                truncate(headers.getHeaderString(HttpHeaders.USER_AGENT)));
    }

    /** The original client as the gateway recorded it (first X-Forwarded-For entry), else the peer address. */
    static String clientIp(HttpHeaders headers, HttpServerRequest request) {
        String forwarded = headers.getHeaderString("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return truncate(forwarded.split(",", 2)[0].trim());
        }
        SocketAddress remote = request.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value == null ? null : value.toString();
    }

    private static Set<String> setClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (item instanceof JsonString json) {
                    result.add(json.getString());
                }
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> result.add(item instanceof JsonString json ? json.getString() : String.valueOf(item)));
        } else if (value instanceof JsonString json) {
            result.add(json.getString());
        } else if (value instanceof String single) {
            result.add(single);
        }
        return result;
    }

    private static String truncate(String value) {
        return value == null || value.length() <= MAX_HEADER_FACT_LENGTH ? value : value.substring(0, MAX_HEADER_FACT_LENGTH);
    }
}
