package com.microenv.secrets.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.secrets.crypto.CryptoException;
import com.microenv.secrets.service.ServiceException;
import io.quarkus.security.AuthenticationCompletionException;
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

/**
 * The one place where failures become responses: RFC 9457 problems with a request id. Details come from our own
 * messages only, never from parsers or drivers, so no input (and no secret value) is ever echoed.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** What a 503 asks clients to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final ObjectMapper json;

    public ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper
    public Response service(ServiceException e, UriInfo uri, HttpHeaders headers) {
        return switch (e.reason()) {
            case NOT_FOUND -> problem("not-found", "Not found", 404, e.detail(), uri, headers);
            case FORBIDDEN -> problem("forbidden", "Forbidden", 403, e.detail(), uri, headers);
            case VALIDATION -> problem("validation", "Invalid request", 400, e.detail(), uri, headers);
            case UNREPRESENTABLE -> problem("unrepresentable", "Not representable in this format", 422, e.detail(),
                    uri, headers);
            case PAYLOAD_TOO_LARGE -> problem("payload-too-large", "Payload too large", 413, e.detail(), uri, headers);
            case PRECONDITION_FAILED -> problem(Problem.of("precondition-failed", "Precondition failed", 412,
                    e.detail(), uri.getPath(), requestId(headers)).with(e.currentVersion(), null), null);
            case CONFLICT -> problem("conflict", "Conflict", 409, e.detail(), uri, headers);
            case UNAVAILABLE -> problem(Problem.of("unavailable", "Service unavailable", 503, e.detail(),
                    uri.getPath(), requestId(headers)).with(null, e.dependency()), RETRY_AFTER_SECONDS);
            case INTEGRITY -> integrity(e.detail(), uri, headers);
        };
    }

    /**
     * A stored value that fails AES-GCM authentication: the request was valid, the stored data is not, so a 5xx
     * (RFC 9110 §15.6: the server failed to fulfil a valid request) with its own type, logged for operators.
     */
    private Response integrity(String detail, UriInfo uri, HttpHeaders headers) {
        String requestId = requestId(headers);
        LOG.errorf("request %s: integrity failure on %s: %s", requestId, uri.getPath(), detail);
        return problem(Problem.of("integrity", "Stored data failed its integrity check", 500, detail, uri.getPath(),
                requestId), null);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(Exception e, UriInfo uri, HttpHeaders headers) {
        boolean tokenPresented = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        String detail = tokenPresented
                ? "the bearer token is invalid, expired, or not issued by microenv-auth for audience microenv"
                : "a bearer token is required";
        Response response = problem("unauthorized", "Unauthorized", 401, detail, uri, headers);
        return Response.fromResponse(response)
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return problem("forbidden", "Forbidden", 403, "the token does not allow this request", uri, headers);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 400 -> problem("validation", "Invalid request", 400, "the request is malformed", uri, headers);
            case 404 -> problem("not-found", "Not found", 404, "no such resource", uri, headers);
            case 405 -> problem("method-not-allowed", "Method not allowed", 405,
                    "this resource does not support that method", uri, headers);
            case 406 -> problem("not-acceptable", "Not acceptable", 406,
                    "no representation matches the Accept header", uri, headers);
            case 413 -> problem("payload-too-large", "Payload too large", 413,
                    "request bodies are limited to 1 MiB", uri, headers);
            case 415 -> problem("unsupported-media-type", "Unsupported media type", 415,
                    "send the body as application/json", uri, headers);
            default -> status >= 500 ? unexpected(e, uri, headers)
                    : problem("http-" + status, "Request refused", status, "the request was refused", uri, headers);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String requestId = requestId(headers);
        String dependency = Dependencies.unavailable(e);
        if (dependency != null) {
            LOG.errorf("request %s: %s is unreachable (%s): %s", requestId, dependency, uri.getPath(),
                    Dependencies.describe(e));
            return problem(Problem.of("unavailable", "Service unavailable", 503, "the database (" + dependency
                    + ") is unreachable; try again shortly", uri.getPath(), requestId).with(null, dependency),
                    RETRY_AFTER_SECONDS);
        }
        if (e instanceof CryptoException) {
            LOG.errorf(e, "request %s: a stored key or value failed to decrypt (%s)", requestId, uri.getPath());
            return problem(Problem.of("integrity", "Stored data failed its integrity check", 500,
                    "a stored key or value failed to decrypt; quote the request id when reporting it", uri.getPath(),
                    requestId), null);
        } else {
            LOG.errorf(e, "request %s: unexpected failure on %s", requestId, uri.getPath());
        }
        return problem("internal", "Internal error", 500,
                "an unexpected error occurred; quote the request id when reporting it", uri, headers);
    }

    private Response problem(String slug, String title, int status, String detail, UriInfo uri, HttpHeaders headers) {
        return problem(Problem.of(slug, title, status, detail, uri.getPath(), requestId(headers)), null);
    }

    private Response problem(Problem problem, Integer retryAfter) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.build();
    }

    private static String requestId(HttpHeaders headers) {
        String id = headers.getHeaderString(Callers.REQUEST_ID_HEADER);
        return id != null ? id : UUID.randomUUID().toString();
    }
}
