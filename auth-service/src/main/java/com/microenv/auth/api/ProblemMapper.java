package com.microenv.auth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.microenv.auth.service.OAuthError;
import com.microenv.auth.service.ServiceException;
import com.microenv.auth.service.ServiceException.Kind;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The one place where failures become RFC 9457 {@code application/problem+json} responses. Details are
 * written for the client and never echo a credential or a request body; unexpected errors are logged with
 * the request id and answered with a bare 500.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private static final Map<Integer, String[]> BY_STATUS = Map.of(
            400, new String[]{"validation", "Invalid request"},
            401, new String[]{"unauthorized", "Unauthorized"},
            403, new String[]{"forbidden", "Forbidden"},
            404, new String[]{"not-found", "Not found"},
            405, new String[]{"method-not-allowed", "Method not allowed"},
            406, new String[]{"not-acceptable", "Not acceptable"},
            409, new String[]{"conflict", "Conflict"},
            413, new String[]{"payload-too-large", "Payload too large"},
            415, new String[]{"unsupported-media-type", "Unsupported media type"},
            503, new String[]{"unavailable", "Service unavailable"});

    private final ObjectMapper json;

    public ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper
    public Response service(ServiceException e, HttpHeaders headers, UriInfo uri) {
        Kind kind = e.kind();
        return problem(kind.status, kind.slug, kind.title, e.getMessage(), headers, uri);
    }

    /** The device token endpoint's OAuth errors (RFC 8628 §3.5): 400 with {@code error}, not a problem. */
    @ServerExceptionMapper
    public Response oauth(OAuthError e) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        if (e.interval() != null) {
            body.put("interval", e.interval());
        }
        try {
            return Response.status(400).type("application/json").header("Cache-Control", "no-store")
                    .entity(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("OAuth error cannot be serialised", ex);
        }
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        return problem(401, "unauthorized", "Unauthorized", "The bearer token is missing, invalid or expired", headers, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return problem(401, "unauthorized", "Unauthorized", "A bearer token is required", headers, uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return problem(403, "forbidden", "Forbidden", "The credential does not allow this request", headers, uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .map(violation -> fieldOf(violation) + " " + violation.getMessage())
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining("; "));
        return problem(400, "validation", "Invalid request", detail, headers, uri);
    }

    /** Declared apart because Quarkus REST has its own (non-problem) mapper for this subtype. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
        return unreadableJson(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        // Parser messages quote the input, which may hold a credential: name the field only.
        String detail = "The request body is not valid JSON";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            detail = "The field '" + field + "' has a value of the wrong type or format";
        }
        return problem(400, "validation", "Invalid request", detail, headers, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, headers, uri);
        }
        String[] kind = BY_STATUS.getOrDefault(status, new String[]{"client-error", "Bad request"});
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource answers only application/json";
            case 413 -> "The request body exceeds the 1 MiB limit";
            case 415 -> "The request body must be application/json";
            default -> e.getResponse().getStatusInfo().getReasonPhrase();
        };
        return problem(status, kind[0], kind[1], detail, headers, uri);
    }

    /** What a 503 asks clients to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        String dependency = Dependencies.unavailable(e);
        if (dependency != null) {
            return unavailable(dependency, e, headers, uri);
        }
        LOG.errorf(e, "Unexpected failure of %s (request %s)", uri.getPath(), RequestIds.current(headers));
        return problem(500, "internal", "Internal error",
                "The request failed unexpectedly; quote the request id when reporting it", headers, uri);
    }

    /** A lost database connection: 503 naming the dependency (extension member {@code dependency}), with Retry-After. */
    private Response unavailable(String dependency, Throwable e, HttpHeaders headers, UriInfo uri) {
        String requestId = RequestIds.current(headers);
        LOG.errorf("%s is unreachable (%s, request %s): %s", dependency, uri.getPath(), requestId, Dependencies.describe(e));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", Problem.TYPE_BASE + "unavailable");
        body.put("title", "Service unavailable");
        body.put("status", 503);
        body.put("detail", "the database (" + dependency + ") is unreachable; try again shortly");
        body.put("instance", uri.getPath());
        body.put("requestId", requestId);
        body.put("dependency", dependency);
        try {
            return Response.status(503).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .entity(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("problem cannot be serialised", ex);
        }
    }

    private Response problem(int status, String slug, String title, String detail, HttpHeaders headers, UriInfo uri) {
        Problem problem = new Problem(Problem.TYPE_BASE + slug, title, status, detail, uri.getPath(), RequestIds.current(headers));
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(serialise(problem));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    private String serialise(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem cannot be serialised", e);
        }
    }

    /** The request field a violation concerns: the path after the method and parameter nodes. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .filter(node -> node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.PARAMETER)
                .map(ProblemMapper::nodeName)
                .collect(Collectors.joining("."));
        return field.isEmpty() ? "body" : field.replace(".[", "[");
    }

    private static String nodeName(Path.Node node) {
        if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
            return node.getIndex() != null ? "[" + node.getIndex() + "]" : "[]";
        }
        String name = node.getName() == null ? "" : node.getName();
        return node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name;
    }
}
