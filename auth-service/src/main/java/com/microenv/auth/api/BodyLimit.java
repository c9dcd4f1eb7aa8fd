package com.microenv.auth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;

/**
 * Answers a declared body over {@code quarkus.http.limits.max-body-size} (1 MiB) with a 413 problem, just
 * before Quarkus' own limit check (route order -2), which would answer with an empty body. Chunked bodies
 * that grow past the limit are still cut off by Quarkus with a bare 413.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(-3).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader("Content-Length");
        if (declared != null && exceeds(declared)) {
            String requestId = context.request().getHeader(RequestIds.HEADER);
            if (requestId == null || !requestId.matches("[A-Za-z0-9._:-]{1,128}")) {
                requestId = UUID.randomUUID().toString();
            }
            Problem problem = new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                    "The request body exceeds the limit of " + maxBytes + " bytes", context.request().path(), requestId);
            context.response().setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader(RequestIds.HEADER, requestId)
                    .putHeader("Connection", "close")
                    .end(serialise(problem));
            return;
        }
        context.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String serialise(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem cannot be serialised", e);
        }
    }
}
