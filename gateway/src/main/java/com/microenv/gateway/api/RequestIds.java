package com.microenv.gateway.api;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id that follows a request through every service: the client's {@code X-Request-Id} if sane, else a new one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "microenv.request-id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The request id of this exchange, chosen once and remembered on the routing context. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        if (id == null) {
            String offered = ctx.request().getHeader(HEADER);
            id = offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
            ctx.put(KEY, id);
        }
        return id;
    }
}
