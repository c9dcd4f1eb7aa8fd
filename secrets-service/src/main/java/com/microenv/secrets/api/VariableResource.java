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
import com.microenv.secrets.service.AccessPolicy;
import com.microenv.secrets.service.Caller;
import com.microenv.secrets.service.ChangeResult;
import com.microenv.secrets.service.DockerEnvCodec;
import com.microenv.secrets.service.DotenvCodec;
import com.microenv.secrets.service.Names;
import com.microenv.secrets.service.Permission;
import com.microenv.secrets.service.Precondition;
import com.microenv.secrets.service.ServiceException;
import com.microenv.secrets.service.VariableChange;
import com.microenv.secrets.service.VariableService;
import com.microenv.secrets.service.YamlCodec;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of one environment: the seed's read, downloads, uploads, single-variable read, write and delete,
 * bulk changes, versions and rollback.
 */
@Tag(name = "variables")
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

    /**
     * All variables with their values, as json (default), env, yaml or docker, references resolved unless
     * {@code resolve=false}; or, with {@code names_only=true}, names and metadata only. Needs {@code read}; a read
     * of values is audited.
     */
    @Operation(summary = "Read an environment's variables (values, names only, or a download format)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"projectId\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"environment\":\"production\",\"variables\":{\"DATABASE_URL\":\"postgres://db:5432/app\",\"LOG_LEVEL\":\"info\"}}")))
    @GET
    public Uni<Response> list(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                              @QueryParam("format") String format, @QueryParam("names_only") String namesOnly,
                              @QueryParam("resolve") String resolve,
                              @Context HttpHeaders headers, @Context HttpServerRequest request) {
        if (flag(namesOnly, "names_only", false)) {
            Target target = authorize(projectId, environment, null, Permission.READ, AuditEvents.VARIABLE_LISTED,
                    headers, request);
            return variables.names(target.caller(), target.project(), environment)
                    .map(names -> Response.ok(new NamesResponse(target.project().toString(), environment, names),
                            MediaType.APPLICATION_JSON).build());
        }
        Target target = authorize(projectId, environment, null, Permission.READ, AuditEvents.VARIABLE_READ, headers, request);
        ExportFormat exportFormat = ExportFormat.parse(format);
        boolean resolveReferences = flag(resolve, "resolve", true);
        return variables.readAll(target.caller(), target.project(), environment, resolveReferences, exportFormat::render)
                .map(body -> Response.ok(body, exportFormat.mediaType()).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build());
    }

    /** One variable with its value, references resolved unless {@code resolve=false}. Needs {@code read}; audited. */
    @Operation(summary = "Read one variable")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"DATABASE_URL\",\"value\":\"postgres://db:5432/app\",\"version\":3,\"updatedAt\":\"2026-12-03T10:00:00Z\",\"note\":null}")))
    @GET
    @Path("{name}")
    public Uni<Response> get(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                             @PathParam("name") String name, @QueryParam("resolve") String resolve,
                             @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.READ, AuditEvents.VARIABLE_READ, headers, request);
        return variables.read(target.caller(), target.project(), environment, name, flag(resolve, "resolve", true))
                .map(variable -> Response.ok(new VariableResponse(variable.name(), variable.value(), variable.version(),
                                variable.updatedAt(), variable.note()), MediaType.APPLICATION_JSON)
                        .tag(versionTag(variable.version()))
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build());
    }

    /**
     * Creates (201) or updates (200) a variable from {@code {"value":"…","note":"…"}} (note optional: absent keeps
     * it, "" clears it); {@code If-Match: "<version>"} makes it conditional (412 with the current version on
     * mismatch). Answers with the new version, never the value. Needs {@code write} (and {@code admin} in a
     * protected environment).
     */
    @Operation(summary = "Create or change one variable (no value echoed)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"value\":\"postgres://db:5432/app\"}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"DATABASE_URL\",\"version\":3,\"updatedAt\":\"2026-12-03T10:00:00Z\"}")))
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                             @PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             String body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.WRITE, AuditEvents.VARIABLE_WRITTEN, headers, request);
        Precondition precondition = parseIfMatch(ifMatch);
        JsonNode root = parseObject(body, "{\"value\": \"…\"}");
        String value = requiredText(root, "value");
        Names.requireValue(value);
        String note = optionalText(root, "note");
        return variables.write(target.caller(), target.project(), environment, name, value, note, precondition)
                .map(result -> Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(new WriteResponse(result.name(), result.version(), result.updatedAt()))
                        .type(MediaType.APPLICATION_JSON)
                        .tag(versionTag(result.version()))
                        .build());
    }

    /** Deletes a variable (204), keeping its history; {@code If-Match} as for PUT. Needs {@code write}. */
    @Operation(summary = "Delete one variable")
    @APIResponse(responseCode = "204", description = "No content")
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

    /**
     * Bulk change, all or nothing, one audit event: {@code {"set": {"NAME": "value" | {"value","note"}}, "delete":
     * ["NAME"]}}. Needs {@code write}.
     */
    @Operation(summary = "Change several variables at once")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"set\":{\"DATABASE_URL\":\"postgres://db:5432/app\"},\"delete\":[\"OLD_FLAG\"]}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"written\":[{\"name\":\"DATABASE_URL\",\"version\":3,\"updatedAt\":\"2026-12-03T10:00:00Z\"}],\"deleted\":[\"OLD_FLAG\"],\"unchanged\":[\"LOG_LEVEL\"]}")))
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> bulk(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                              String body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, null, Permission.WRITE, AuditEvents.VARIABLES_CHANGED, headers, request);
        JsonNode root = parseObject(body, "{\"set\": {\"NAME\": \"value\"}, \"delete\": [\"NAME\"]}");
        List<VariableChange> set = new ArrayList<>();
        JsonNode setNode = root.get("set");
        if (setNode != null && !setNode.isNull()) {
            if (!setNode.isObject()) {
                throw ServiceException.validation("\"set\" must be an object of NAME: value");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = setNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode item = entry.getValue();
                if (item.isTextual()) {
                    set.add(new VariableChange(entry.getKey(), item.textValue(), null));
                } else if (item.isObject()) {
                    set.add(new VariableChange(entry.getKey(), requiredText(item, "value"), optionalText(item, "note")));
                } else {
                    throw ServiceException.validation("the value of " + safeName(entry.getKey())
                            + " must be a string or {\"value\", \"note\"}");
                }
            }
        }
        List<String> delete = new ArrayList<>();
        JsonNode deleteNode = root.get("delete");
        if (deleteNode != null && !deleteNode.isNull()) {
            if (!deleteNode.isArray()) {
                throw ServiceException.validation("\"delete\" must be an array of names");
            }
            for (JsonNode item : deleteNode) {
                if (!item.isTextual()) {
                    throw ServiceException.validation("\"delete\" must be an array of names");
                }
                delete.add(item.textValue());
            }
        }
        return variables.change(target.caller(), target.project(), environment, set, delete, false, "bulk")
                .map(VariableResource::changeResponse);
    }

    /**
     * Upload of a file: {@code .env} (default, or {@code text/plain}), {@code json} ({@code {"NAME":"value"}} or the
     * download's shape), {@code yaml} or {@code docker}, by {@code ?format=} or Content-Type. One transaction; one
     * version per variable whose value changed. A bad line is a 400 naming its line. Needs {@code write}.
     */
    @Operation(summary = "Import variables from a .env, JSON or YAML body")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"written\":[{\"name\":\"DATABASE_URL\",\"version\":3,\"updatedAt\":\"2026-12-03T10:00:00Z\"}],\"deleted\":[],\"unchanged\":[]}")))
    @POST
    @Path("import")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> upload(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                                @QueryParam("format") String format, String body,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, null, Permission.WRITE, AuditEvents.VARIABLES_CHANGED, headers, request);
        String text = body == null ? "" : body;
        Map<String, String> values = switch (importFormat(format, headers.getMediaType())) {
            case "json" -> parseJsonUpload(text);
            case "yaml" -> YamlCodec.parse(text);
            case "docker" -> DockerEnvCodec.parse(text);
            default -> DotenvCodec.parse(text);
        };
        if (values.isEmpty()) {
            throw ServiceException.validation("the upload holds no variable");
        }
        List<VariableChange> set = values.entrySet().stream()
                .map(entry -> new VariableChange(entry.getKey(), entry.getValue(), null)).toList();
        return variables.change(target.caller(), target.project(), environment, set, List.of(), true, "import")
                .map(VariableResource::changeResponse);
    }

    /** A variable's versions without values, newest first. Needs {@code read}; not a read of values. */
    @Operation(summary = "List a variable's versions (no values)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"DATABASE_URL\",\"environment\":\"production\",\"versions\":[{\"version\":3,\"change\":\"updated\",\"createdAt\":\"2026-12-03T10:00:00Z\",\"createdBy\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\"}]}")))
    @GET
    @Path("{name}/versions")
    public Uni<HistoryResponse> versions(@PathParam("projectId") String projectId,
                                         @PathParam("environment") String environment, @PathParam("name") String name,
                                         @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.READ, AuditEvents.VARIABLE_LISTED, headers, request);
        return variables.history(target.caller(), target.project(), environment, name)
                .map(history -> new HistoryResponse(name, environment, history));
    }

    /** The value of one version (raw, references unresolved). Needs {@code read}; audited. */
    @Operation(summary = "Read one old version of a variable")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"DATABASE_URL\",\"value\":\"postgres://old:5432/app\",\"version\":2,\"updatedAt\":\"2026-12-03T10:00:00Z\",\"note\":null}")))
    @GET
    @Path("{name}/versions/{version}")
    public Uni<Response> version(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                                 @PathParam("name") String name, @PathParam("version") String version,
                                 @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.READ, AuditEvents.VARIABLE_READ, headers, request);
        long number = parseVersion(version);
        return variables.readVersion(target.caller(), target.project(), environment, name, number)
                .map(value -> Response.ok(new VariableResponse(value.name(), value.value(), value.version(),
                                value.updatedAt(), value.note()), MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build());
    }

    /**
     * Rolls back to {@code {"version": n}}: a new version with that version's value and note. {@code If-Match} as
     * for PUT. Needs {@code write}.
     */
    @Operation(summary = "Restore an old version of a variable")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"version\":2}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"name\":\"DATABASE_URL\",\"version\":4,\"updatedAt\":\"2026-12-03T10:00:00Z\"}")))
    @POST
    @Path("{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> rollback(@PathParam("projectId") String projectId, @PathParam("environment") String environment,
                                  @PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                  String body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Target target = authorize(projectId, environment, name, Permission.WRITE, AuditEvents.VARIABLE_WRITTEN, headers, request);
        Precondition precondition = parseIfMatch(ifMatch);
        JsonNode root = parseObject(body, "{\"version\": 3}");
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToLong() || !version.isIntegralNumber() || version.longValue() < 1) {
            throw ServiceException.validation("\"version\" must be a positive whole number");
        }
        return variables.rollback(target.caller(), target.project(), environment, name, version.longValue(), precondition)
                .map(result -> Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(new WriteResponse(result.name(), result.version(), result.updatedAt()))
                        .type(MediaType.APPLICATION_JSON)
                        .tag(versionTag(result.version()))
                        .build());
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

    private static Response changeResponse(ChangeResult result) {
        return Response.ok(new ChangeResponse(
                        result.written().stream().map(w -> new WriteResponse(w.name(), w.version(), w.updatedAt())).toList(),
                        result.deleted(), result.unchanged()), MediaType.APPLICATION_JSON)
                .build();
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

    private static long parseVersion(String version) {
        if (version == null || !version.matches("^[1-9][0-9]{0,17}$")) {
            throw ServiceException.validation("versions are positive whole numbers");
        }
        return Long.parseLong(version);
    }

    private static boolean flag(String value, String name, boolean absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ServiceException.validation(name + " must be true or false");
        };
    }

    private static String importFormat(String format, MediaType type) {
        if (format != null && !format.isEmpty()) {
            String lower = format.toLowerCase(Locale.ROOT);
            if (!List.of("env", "json", "yaml", "docker").contains(lower)) {
                throw ServiceException.validation("format must be one of env, json, yaml, docker");
            }
            return lower;
        }
        if (type == null) {
            return "env";
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        if (subtype.equals("json") || subtype.endsWith("+json")) {
            return "json";
        }
        if (subtype.contains("yaml")) {
            return "yaml";
        }
        return "env";
    }

    private Map<String, String> parseJsonUpload(String body) {
        JsonNode root = parseObject(body, "{\"NAME\": \"value\"}");
        JsonNode variablesNode = root.get("variables");
        JsonNode source = variablesNode != null && variablesNode.isObject() ? variablesNode : root;
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (source == variablesNode || !List.of("projectId", "environment").contains(entry.getKey())) {
                if (!Names.isVariableName(entry.getKey())) {
                    throw ServiceException.validation("JSON keys must be variable names (^[A-Z_][A-Z0-9_]*$)");
                }
                if (!entry.getValue().isTextual()) {
                    throw ServiceException.validation("the value of " + entry.getKey() + " must be a string");
                }
                Names.requireValue(entry.getValue().textValue());
                values.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        return values;
    }

    private JsonNode parseObject(String body, String shape) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null && e.getLocation().getLineNr() > 0
                    ? " (line " + e.getLocation().getLineNr() + ")" : "";
            throw ServiceException.validation("the body is not valid JSON" + where + "; send " + shape);
        }
        if (root == null || !root.isObject()) {
            throw ServiceException.validation("the body must be a JSON object: " + shape);
        }
        return root;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw ServiceException.validation("\"" + field + "\" is required");
        }
        if (!value.isTextual()) {
            throw ServiceException.validation("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ServiceException.validation("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static String safeName(String name) {
        return Names.isVariableName(name) ? name : "an entry";
    }

    private static EntityTag versionTag(long version) {
        return new EntityTag(Long.toString(version));
    }
}
