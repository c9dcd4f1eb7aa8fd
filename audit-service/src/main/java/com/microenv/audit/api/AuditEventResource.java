package com.microenv.audit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.persistence.EventFilter;
import com.microenv.audit.persistence.StoredEvent;
import com.microenv.audit.service.AuditService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** A project's audit trail: its events, newest first, and the check of its hash chain. */
@Path("/v1/projects/{projectId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventResource {

    private static final String READ = "read";
    private static final int MAX_FILTER_LENGTH = 256;

    private final AuditService audit;
    private final AuditConfig config;
    private final JsonWebToken token;
    private final ObjectMapper json;

    public AuditEventResource(AuditService audit, AuditConfig config, JsonWebToken token, ObjectMapper json) {
        this.audit = audit;
        this.config = config;
        this.token = token;
        this.json = json;
    }

    /** {@code GET /v1/projects/{p}/audit-events?limit&cursor&from&to&actor&action&environment}. */
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
            @QueryParam("environment") String environment) {
        ProjectAccess.require(token, projectId, READ);
        EventFilter filter = new EventFilter(projectId, cursor(cursor), time("from", from), time("to", to),
                text("actor", actor), text("action", action), text("environment", environment));
        return audit.page(filter, limit(limit)).map(page -> new AuditEventsResponse(
                page.events().stream().map(this::tree).toList(),
                page.nextCursor() == null ? null : Long.toString(page.nextCursor())));
    }

    /** {@code GET /v1/projects/{p}/audit-chain/verify}: recomputes every link of the project's chain. */
    @GET
    @Path("audit-chain/verify")
    public Uni<ChainVerificationResponse> verify(@PathParam("projectId") String projectId) {
        ProjectAccess.require(token, projectId, READ);
        return audit.verify(projectId).map(result -> ChainVerificationResponse.of(projectId, result));
    }

    private int limit(String value) {
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

    private static Long cursor(String value) {
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

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(name + " must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T12:00:00Z.");
        }
    }

    private static String text(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_FILTER_LENGTH) {
            throw ProblemException.validation(name + " must be 1 to " + MAX_FILTER_LENGTH + " non-blank characters.");
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
