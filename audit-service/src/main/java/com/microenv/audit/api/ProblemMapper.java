package com.microenv.audit.api;

import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.persistence.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;
import java.util.regex.Pattern;

/** The one place where failures become {@code application/problem+json} responses. */
public class ProblemMapper {

    private final AuditConfig config;

    public ProblemMapper(AuditConfig config) {
        this.config = config;
    }

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return problem(e.slug(), e.title(), e.status(), e.getMessage(), uri, headers);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return Response.fromResponse(problem("unauthorized", "Unauthorized", 401,
                        "A valid bearer token issued by MicroENV is required.", uri, headers))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return problem("forbidden", "Forbidden", 403, "The token does not grant this request.", uri, headers);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String slug = switch (status.getStatusCode()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status.getStatusCode() >= 500 ? "internal" : "bad-request";
        };
        String title = status.getReasonPhrase() == null ? "HTTP " + status.getStatusCode() : status.getReasonPhrase();
        return problem(slug, title, status.getStatusCode(), title + ".", uri, headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri, HttpHeaders headers) {
        String requestId = requestId(headers);
        if (DatabaseFailures.isUnreachable(e)) {
            LOG.warnf("Request %s to %s: PostgreSQL unreachable (%s)", requestId, uri.getPath(), DatabaseFailures.describe(e));
            return Response.fromResponse(build(Problem.of("unavailable", "Service Unavailable", 503,
                            "The audit store (PostgreSQL) cannot be reached right now; retry after "
                                    + config.unavailableRetryAfterSeconds() + " seconds.", uri.getPath(), requestId)
                            .withDependency("postgresql")))
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(config.unavailableRetryAfterSeconds()))
                    .build();
        }
        LOG.errorf(e, "Request %s to %s failed unexpectedly", requestId, uri.getPath());
        return build(Problem.of("internal", "Internal Server Error", 500,
                "The audit service could not complete the request; quote the request id when reporting it.",
                uri.getPath(), requestId));
    }

    private static Response problem(String slug, String title, int status, String detail, UriInfo uri, HttpHeaders headers) {
        return build(Problem.of(slug, title, status, detail, uri.getPath(), requestId(headers)));
    }

    private static Response build(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(REQUEST_ID, problem.requestId()).build();
    }

    /** The gateway's request id when it looks like one, else a fresh one (never echo arbitrary header text). */
    private static String requestId(HttpHeaders headers) {
        String given = headers.getHeaderString(REQUEST_ID);
        return given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
