package com.microenv.audit.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.crypto.CheckpointSigner;
import com.microenv.audit.persistence.CheckpointRepository;
import com.microenv.audit.persistence.EventFilter;
import com.microenv.audit.persistence.StoredEvent;
import com.microenv.audit.service.AuditService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * A project's audit trail: its events (filtered, newest first, cursor-paged), a streamed JSON-lines export, the
 * check of its hash chain against the signed checkpoints, the checkpoints themselves and the key that signs them.
 */
@Tag(name = "audit")
@Path("/v1/projects/{projectId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventResource {

    /** Reading audit events, verifying and exporting need {@code admin} (docs/contracts.md, Permissions per action). */
    static final String ADMIN = "admin";
    static final String NDJSON = "application/x-ndjson";
    private static final int MAX_FILTER_LENGTH = 256;
    private static final Set<String> OUTCOMES = Set.of("success", "denied", "failure");

    private final AuditService audit;
    private final CheckpointRepository checkpoints;
    private final CheckpointSigner keys;
    private final AuditConfig config;
    private final JsonWebToken token;
    private final ObjectMapper json;

    public AuditEventResource(AuditService audit, CheckpointRepository checkpoints, CheckpointSigner keys, AuditConfig config,
                              JsonWebToken token, ObjectMapper json) {
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.config = config;
        this.token = token;
        this.json = json;
    }

    /** {@code GET /v1/projects/{p}/audit-events?limit&cursor&from&to&actor&action&type&environment&outcome&requestId}. */
    @Operation(summary = "List the project's audit events, newest first (filters, cursor)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"events\":[{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/microenv/secrets-service\",\"type\":\"com.microenv.variable.read.v1\",\"subject\":\"/projects/0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11/environments/production/variables\",\"time\":\"2026-12-03T10:00:00Z\",\"data\":{\"actor\":\"key_3kT9\",\"projectId\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"environment\":\"production\",\"outcome\":\"success\",\"requestId\":\"7f3c2a9e\"}}],\"nextCursor\":null}")))
    @GET
    @Path("audit-events")
    public Uni<AuditEventsResponse> list(
            @PathParam("projectId") String projectId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("type") String type,
            @QueryParam("environment") String environment,
            @QueryParam("outcome") String outcome,
            @QueryParam("requestId") String requestId) {
        ProjectAccess.require(token, projectId, ADMIN);
        EventFilter filter = new EventFilter(projectId, cursor(cursor), time("from", from), time("to", to),
                text("actor", actor), text("action", action), text("environment", environment), text("type", type),
                outcome(outcome), text("requestId", requestId));
        return page(filter, limit);
    }

    /**
     * {@code GET /v1/projects/{p}/audit-events/export?from&to}: every event of the time range, oldest first, one
     * CloudEvent JSON per line ({@code application/x-ndjson}), each exactly as stored (the canonical form the chain
     * hashes). Streamed: the rows are read from the database a page at a time as the client takes them, so memory
     * stays constant however long the range. (Not a {@code Multi} of the resource: Quarkus REST would write each
     * line of a JSON stream as a quoted JSON string.)
     */
    @Operation(summary = "Export the project's audit events")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("audit-events/export")
    @Produces(NDJSON)
    @Blocking
    public Response export(@PathParam("projectId") String projectId,
                           @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        ProjectAccess.require(token, projectId, ADMIN);
        Instant start = time("from", from);
        Instant end = time("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ProblemException.validation("from must be before to.");
        }
        Multi<String> events = audit.export(projectId, start, end);
        StreamingOutput body = out -> {
            for (String event : events.subscribe().asIterable()) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            out.flush();
        };
        return Response.ok(body, NDJSON).build();
    }

    /**
     * {@code GET /v1/projects/{p}/audit-chain/verify}: recomputes every link of the project's chain and compares it
     * with every trusted signed checkpoint.
     */
    @Operation(summary = "Verify the project's hash chain")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"projectId\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"valid\":true,\"events\":1204,\"chainLength\":1204,\"headHash\":\"5d41…\",\"checkpointsChecked\":3,\"untrustedCheckpoints\":0}")))
    @GET
    @Path("audit-chain/verify")
    public Uni<ChainVerificationResponse> verify(@PathParam("projectId") String projectId) {
        ProjectAccess.require(token, projectId, ADMIN);
        return audit.verify(projectId).map(result -> ChainVerificationResponse.of(projectId, result));
    }

    /** {@code GET /v1/projects/{p}/audit-chain/checkpoints?limit}: the project's signed checkpoints, newest first. */
    @Operation(summary = "List the project's signed chain checkpoints")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"checkpoints\":[{\"version\":1,\"projectId\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"seq\":1200,\"events\":1200,\"headHash\":\"9f2c…\",\"time\":\"2026-12-03T10:00:00Z\",\"kind\":\"periodic\",\"keyId\":\"k1\",\"algorithm\":\"Ed25519\",\"signature\":\"MEUC…\"}]}")))
    @GET
    @Path("audit-chain/checkpoints")
    public Uni<Map<String, Object>> checkpoints(@PathParam("projectId") String projectId, @QueryParam("limit") String limit) {
        ProjectAccess.require(token, projectId, ADMIN);
        return checkpoints.newest(projectId, limit(limit))
                .map(found -> Map.of("checkpoints", found.stream().map(c -> c.toJson()).toList()));
    }

    /** {@code GET /v1/projects/{p}/audit-chain/public-key}: the keys checkpoints are signed with, for offline checks. */
    @Operation(summary = "The public key that signs the checkpoints")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"algorithm\":\"Ed25519\",\"keyId\":\"k1\",\"publicKey\":\"q83v…\",\"publicKeyPem\":\"-----BEGIN PUBLIC KEY-----\\n…\\n-----END PUBLIC KEY-----\\n\",\"trustedKeys\":[{\"keyId\":\"k1\",\"publicKey\":\"q83v…\"}]}")))
    @GET
    @Path("audit-chain/public-key")
    public Map<String, Object> publicKey(@PathParam("projectId") String projectId) {
        ProjectAccess.requireProject(token, projectId);
        return keys.describe();
    }

    Uni<AuditEventsResponse> page(EventFilter filter, String limit) {
        return audit.page(filter, limit(limit)).map(page -> new AuditEventsResponse(
                page.events().stream().map(this::tree).toList(),
                page.nextCursor() == null ? null : Long.toString(page.nextCursor())));
    }

    int limit(String value) {
        int max = config.query().maxLimit();
        if (value == null || value.isBlank()) {
            return Math.min(config.query().defaultLimit(), max);
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.validation("limit must be a whole number from 1 to " + max + ".");
    }

    static Long cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq > 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.validation("cursor must be a nextCursor value returned by this API.");
    }

    static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(name + " must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T12:00:00Z.");
        }
    }

    static String text(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_FILTER_LENGTH) {
            throw ProblemException.validation(name + " must be 1 to " + MAX_FILTER_LENGTH + " non-blank characters.");
        }
        return value;
    }

    static String outcome(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!OUTCOMES.contains(value)) {
            throw ProblemException.validation("outcome must be one of success, denied, failure.");
        }
        return value;
    }

    private JsonNode tree(StoredEvent event) {
        try {
            return json.readTree(event.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit event " + event.seq() + " is not JSON", e);
        }
    }
}
