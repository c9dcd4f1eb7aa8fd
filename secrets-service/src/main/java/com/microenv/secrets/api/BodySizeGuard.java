package com.microenv.secrets.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;

/**
 * Refuses a declared body over {@code quarkus.http.limits.max-body-size} with the same problem response as every
 * other refusal. It runs just before Quarkus' own limit, which would answer 413 with no body.
 */
@ApplicationScoped
public class BodySizeGuard {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodySizeGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                         ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared.trim())) {
            String requestId = context.request().getHeader(Callers.REQUEST_ID_HEADER);
            Problem problem = Problem.of("payload-too-large", "Payload too large", 413,
                    "request bodies are limited to " + maxBytes + " bytes", context.request().path(),
                    requestId != null ? requestId : UUID.randomUUID().toString());
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(serialize(problem));
            return;
        }
        context.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String serialize(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
