package com.microenv.gateway.proxy;

import io.vertx.core.MultiMap;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Which headers cross the gateway, in each direction. */
final class ForwardedHeaders {

    /** RFC 9110 §7.6.1 connection-specific headers, plus the legacy ones proxies still meet. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade");

    /**
     * Never taken from the client: the credential (replaced by the internal JWT), the Host (the upstream's own),
     * cookies (the dashboard session belongs to the gateway), and every header the gateway itself vouches for.
     */
    private static final Set<String> NOT_FROM_CLIENT = Set.of(
            "authorization", "host", "cookie", "expect", "forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "x-request-id");

    private ForwardedHeaders() {
    }

    /** The client's headers that may be passed upstream. */
    static MultiMap requestHeaders(MultiMap incoming) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Set<String> dropped = connectionListed(incoming);
        incoming.forEach(entry -> {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !NOT_FROM_CLIENT.contains(name) && !dropped.contains(name)
                    && !name.startsWith(":")) {
                out.add(entry.getKey(), entry.getValue());
            }
        });
        return out;
    }

    /** The upstream's response headers that may be passed to the client. */
    static MultiMap responseHeaders(MultiMap incoming) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Set<String> dropped = connectionListed(incoming);
        incoming.forEach(entry -> {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !dropped.contains(name) && !name.equals("x-request-id")
                    && !name.startsWith(":")) {
                out.add(entry.getKey(), entry.getValue());
            }
        });
        return out;
    }

    private static Set<String> connectionListed(MultiMap headers) {
        Set<String> names = new HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    names.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
