package com.microenv.secrets.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request carries a request id: the gateway's {@code X-Request-Id} when it is a sane token, else a new one.
 * It is echoed in the response, put in problems and audit events, and in the log context ({@code requestId}, which
 * {@code quarkus.log.console.format} prints on every line logged while the request is handled).
 */
public class RequestIds {

    private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String id = request.getHeaderString(Callers.REQUEST_ID_HEADER);
        if (id == null || !SANE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.getHeaders().putSingle(Callers.REQUEST_ID_HEADER, id);
        }
        // Quarkus keeps the MDC in the request's (duplicated) Vert.x context, so it follows the request across threads.
        MDC.put("requestId", id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        String id = request.getHeaderString(Callers.REQUEST_ID_HEADER);
        if (id != null) {
            response.getHeaders().putSingle(Callers.REQUEST_ID_HEADER, id);
        }
    }
}
