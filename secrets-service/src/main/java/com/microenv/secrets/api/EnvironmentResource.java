package com.microenv.secrets.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.persistence.Environment;
import com.microenv.secrets.service.AccessPolicy;
import com.microenv.secrets.service.Caller;
import com.microenv.secrets.service.EnvironmentService;
import com.microenv.secrets.service.Names;
import com.microenv.secrets.service.Permission;
import com.microenv.secrets.service.ServiceException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/** A project's environments: list (read), create, rename, protect, delete (admin). */
@Tag(name = "environments")
@Path("/v1/projects/{projectId}/environments")
@Authenticated
public class EnvironmentResource {

    private final EnvironmentService environments;
    private final AccessPolicy access;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public EnvironmentResource(EnvironmentService environments, AccessPolicy access, JsonWebToken jwt,
                               ObjectMapper json) {
        this.environments = environments;
        this.access = access;
        this.jwt = jwt;
        this.json = json;
    }

    /** {@code [{"name","createdAt","protected"}]}: the environments the token grants, by name. Needs {@code read}. */
    @Operation(summary = "List the project's environments")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "[{\"name\":\"development\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"protected\":false},{\"name\":\"production\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"protected\":true}]")))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<EnvironmentResponse>> list(@PathParam("projectId") String projectId,
                                               @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = Callers.from(jwt, headers, request);
        UUID project = ProjectIds.parse(projectId);
        access.authorize(caller, project, null, Permission.READ, AuditEvents.ENVIRONMENT_LIST, "/projects/" + project + "/environments");
        return environments.list(caller, project)
                .map(list -> list.stream().map(EnvironmentResource::response).toList());
    }

    /** {@code {"name": "qa", "protected": false}} → 201 the environment; 409 when it exists. Needs {@code admin}. */
    @Operation(summary = "Create an environment (admin)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"qa\"}")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"qa\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"protected\":false}")))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("projectId") String projectId, String body,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = Callers.from(jwt, headers, request);
        UUID project = ProjectIds.parse(projectId);
        JsonNode root = parse(body);
        String name = text(root, "name", true);
        access.authorize(caller, project, null, Permission.ADMIN, AuditEvents.ENVIRONMENT_CREATED,
                "/projects/" + project + "/environments");
        Names.requireEnvironmentName(name);
        Boolean isProtected = bool(root, "protected");
        return environments.create(caller, project, name, isProtected != null && isProtected)
                .map(environment -> Response.status(Response.Status.CREATED).entity(response(environment)).build());
    }

    /**
     * {@code {"name": "new-name", "protected": true}} (either or both): rename and/or (un)protect. Needs
     * {@code admin}.
     */
    @Operation(summary = "Rename or protect an environment (admin)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"protected\":true}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"production\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"protected\":true}")))
    @PATCH
    @Path("{environment}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<EnvironmentResponse> update(@PathParam("projectId") String projectId,
                                           @PathParam("environment") String environment, String body,
                                           @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = Callers.from(jwt, headers, request);
        UUID project = ProjectIds.parse(projectId);
        access.authorize(caller, project, null, Permission.ADMIN, AuditEvents.ENVIRONMENT_UPDATED,
                AuditEvents.environmentPath(project, environment));
        Names.requireEnvironmentName(environment);
        JsonNode root = parse(body);
        String newName = text(root, "name", false);
        Boolean isProtected = bool(root, "protected");
        if (newName == null && isProtected == null) {
            throw ServiceException.validation("send \"name\" (to rename) and/or \"protected\" (true or false)");
        }
        return environments.update(caller, project, environment, newName, isProtected).map(EnvironmentResource::response);
    }

    /** Deletes the environment with all its variables and their history (204). Needs {@code admin}. */
    @Operation(summary = "Delete an environment and its variables (admin)")
    @APIResponse(responseCode = "204", description = "No content")
    @DELETE
    @Path("{environment}")
    public Uni<Response> delete(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = Callers.from(jwt, headers, request);
        UUID project = ProjectIds.parse(projectId);
        access.authorize(caller, project, null, Permission.ADMIN, AuditEvents.ENVIRONMENT_DELETED,
                AuditEvents.environmentPath(project, environment));
        Names.requireEnvironmentName(environment);
        return environments.delete(caller, project, environment).map(ignored -> Response.noContent().build());
    }

    private static EnvironmentResponse response(Environment environment) {
        return new EnvironmentResponse(environment.name, environment.createdAt, environment.isProtected);
    }

    private JsonNode parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ServiceException.validation("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ServiceException.validation("the body must be a JSON object such as {\"name\": \"qa\"}");
        }
        return root;
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ServiceException.validation("\"" + field + "\" is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ServiceException.validation("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static Boolean bool(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ServiceException.validation("\"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }
}
