package com.microenv.secrets.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.service.AccessPolicy;
import com.microenv.secrets.service.Caller;
import com.microenv.secrets.service.Names;
import com.microenv.secrets.service.Permission;
import com.microenv.secrets.service.Precondition;
import com.microenv.secrets.service.ServiceException;
import com.microenv.secrets.service.VariableService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The variables of one environment: the seed's read, downloads, and single-variable read, write and delete. */
@Path("/v1/projects/{projectId}/environments/{environment}/variables")
@Authenticated
public class VariableResource {

    private static final Pattern IF_MATCH_VERSION = Pattern.compile("^\"?([1-9][0-9]{0,17})\"?$");
    private static final String NO_STORE = "no-store";

    private final VariableService variables;
    private final AccessPolicy access;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public VariableResource(VariableService variables, AccessPolicy access, JsonWebToken jwt, ObjectMapper json) {
        this.variables = variables;
        this.access = access;
        this.jwt = jwt;
        this.json = json;
    }

    /** All variables with their values, as json (default), env, yaml or docker. Needs {@code read}; audited. */
    @GET
    public Uni<Response> list(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                              @QueryParam("format") String format,
                              @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, null, Permission.READ, AuditEvents.VARIABLE_READ, headers, request);
        ExportFormat exportFormat = ExportFormat.parse(format);
        return variables.readAll(target.caller(), target.project(), environment, exportFormat::render)
                .map(body -> Response.ok(body, exportFormat.mediaType()).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build());
    }

    /** One variable with its value. Needs {@code read}; audited. */
    @GET
    @Path("{name}")
    public Uni<Response> get(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                             @PathParam("name") String name,
                             @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.READ, AuditEvents.VARIABLE_READ, headers, request);
        return variables.read(target.caller(), target.project(), environment, name)
                .map(variable -> Response.ok(new VariableResponse(variable.name(), variable.value(), variable.version(),
                                variable.updatedAt()), MediaType.APPLICATION_JSON)
                        .tag(versionTag(variable.version()))
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build());
    }

    /**
     * Creates (201) or updates (200) a variable from {@code {"value":"…"}}; {@code If-Match: "<version>"} makes it
     * conditional (412 on mismatch). Answers with the new version, never the value. Needs {@code write}.
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                             @PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             String body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.WRITE, AuditEvents.VARIABLE_WRITTEN, headers, request);
        Precondition precondition = parseIfMatch(ifMatch);
        String value = parseValue(body);
        Names.requireValue(value);
        return variables.write(target.caller(), target.project(), environment, name, value, precondition)
                .map(result -> Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(new WriteResponse(result.name(), result.version(), result.updatedAt()))
                        .type(MediaType.APPLICATION_JSON)
                        .tag(versionTag(result.version()))
                        .build());
    }

    /** Deletes a variable (204); {@code If-Match} as for PUT. Needs {@code write}. */
    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                                @PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.WRITE, AuditEvents.VARIABLE_DELETED, headers, request);
        Precondition precondition = parseIfMatch(ifMatch);
        return variables.delete(target.caller(), target.project(), environment, name, precondition)
                .map(ignored -> Response.noContent().build());
    }

    /** Who is asking, about which project: after the JWT's claims allow {@code permission} here and the names are valid. */
    private record Target(Caller caller, UUID project) {
    }

    /**
     * The prelude of every endpoint: the caller from the JWT, the project from the path, the access check (a refusal
     * is audited as {@code action} on the resource path), then the environment name and, when given, the variable name.
     */
    private Target authorize(String projectId, String environment, String name, Permission permission, String action,
                             HttpHeaders headers, HttpServerRequest request) {
        Caller caller = Callers.from(jwt, headers, request);
        UUID project = ProjectIds.parse(projectId);
        String subject = name == null ? AuditEvents.variablesPath(project, environment)
                : AuditEvents.variablePath(project, environment, name);
        access.authorize(caller, project, environment, permission, action, subject);
        Names.requireEnvironmentName(environment);
        if (name != null) {
            Names.requireVariableName(name);
        }
        return new Target(caller, project);
    }

    /** {@code "3"} (or bare {@code 3}) → that version; {@code *} → must exist; weak tags never match. */
    static Precondition parseIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return Precondition.NONE;
        }
        String value = header.trim();
        if (value.equals("*")) {
            return Precondition.EXISTS;
        }
        if (value.startsWith("W/")) {
            throw ServiceException.preconditionFailed("If-Match uses strong comparison; a weak entity tag never matches");
        }
        Matcher matcher = IF_MATCH_VERSION.matcher(value);
        if (!matcher.matches()) {
            throw ServiceException.validation("If-Match must be a version as a quoted entity tag, such as \"3\", or *");
        }
        return Precondition.version(Long.parseLong(matcher.group(1)));
    }

    private String parseValue(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ServiceException.validation("the body is not valid JSON; send {\"value\": \"…\"}");
        }
        if (root == null || !root.isObject()) {
            throw ServiceException.validation("the body must be a JSON object: {\"value\": \"…\"}");
        }
        JsonNode value = root.get("value");
        if (value == null || value.isNull()) {
            throw ServiceException.validation("\"value\" is required");
        }
        if (!value.isTextual()) {
            throw ServiceException.validation("\"value\" must be a string");
        }
        return value.textValue();
    }

    private static EntityTag versionTag(long version) {
        return new EntityTag(Long.toString(version));
    }
}
