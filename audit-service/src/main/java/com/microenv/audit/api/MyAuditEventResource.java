package com.microenv.audit.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.microenv.audit.chain.EventColumns;
import com.microenv.audit.persistence.EventFilter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Audit events that belong to no project: the caller's own ({@code /v1/me/audit-events}, e.g. sign-ins, device
 * logins, {@code /v1/me} actions, refused exchanges naming no project) and, for platform operators, all of them with
 * their chain's verification ({@code /v1/platform/…}).
 */
@Tag(name = "audit")
@Path("/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MyAuditEventResource {

    private final AuditEventResource events;
    private final com.microenv.audit.service.AuditService audit;
    private final JsonWebToken token;

    public MyAuditEventResource(AuditEventResource events, com.microenv.audit.service.AuditService audit, JsonWebToken token) {
        this.events = events;
        this.audit = audit;
        this.token = token;
    }

    /** {@code GET /v1/me/audit-events?limit&cursor&from&to&type&outcome&requestId}: the caller's project-less events. */
    @Operation(summary = "List the caller's own audit events of no project")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"events\":[{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/microenv/secrets-service\",\"type\":\"com.microenv.variable.read.v1\",\"subject\":\"/projects/0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11/environments/production/variables\",\"time\":\"2026-12-03T10:00:00Z\",\"data\":{\"actor\":\"key_3kT9\",\"projectId\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"environment\":\"production\",\"outcome\":\"success\",\"requestId\":\"7f3c2a9e\"}}],\"nextCursor\":null}")))
    @GET
    @Path("me/audit-events")
    public Uni<AuditEventsResponse> mine(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("type") String type, @QueryParam("outcome") String outcome,
                                         @QueryParam("requestId") String requestId) {
        String user = ProjectAccess.requireUser(token);
        return events.page(new EventFilter(EventColumns.NO_PROJECT, AuditEventResource.cursor(cursor),
                AuditEventResource.time("from", from), AuditEventResource.time("to", to), user, null, null,
                AuditEventResource.text("type", type), AuditEventResource.outcome(outcome),
                AuditEventResource.text("requestId", requestId)), limit);
    }

    /** {@code GET /v1/platform/audit-events?…}: every project-less event, for operators. */
    @Operation(summary = "List platform audit events (operators)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"events\":[{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/microenv/secrets-service\",\"type\":\"com.microenv.variable.read.v1\",\"subject\":\"/projects/0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11/environments/production/variables\",\"time\":\"2026-12-03T10:00:00Z\",\"data\":{\"actor\":\"key_3kT9\",\"projectId\":\"0b9e4c1e-6f4c-4c53-a0a4-2a3c0c7d9b11\",\"environment\":\"production\",\"outcome\":\"success\",\"requestId\":\"7f3c2a9e\"}}],\"nextCursor\":null}")))
    @GET
    @Path("platform/audit-events")
    public Uni<AuditEventsResponse> platform(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                             @QueryParam("from") String from, @QueryParam("to") String to,
                                             @QueryParam("actor") String actor, @QueryParam("type") String type,
                                             @QueryParam("outcome") String outcome, @QueryParam("requestId") String requestId) {
        ProjectAccess.requireOperator(token);
        return events.page(new EventFilter(EventColumns.NO_PROJECT, AuditEventResource.cursor(cursor),
                AuditEventResource.time("from", from), AuditEventResource.time("to", to),
                AuditEventResource.text("actor", actor), null, null, AuditEventResource.text("type", type),
                AuditEventResource.outcome(outcome), AuditEventResource.text("requestId", requestId)), limit);
    }

    /** {@code GET /v1/platform/audit-chain/verify}: the project-less chain's verification, for operators. */
    @Operation(summary = "Verify the platform hash chain (operators)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"valid\":true,\"events\":310,\"chainLength\":310,\"headHash\":\"7a1c…\",\"checkpointsChecked\":1,\"untrustedCheckpoints\":0}")))
    @GET
    @Path("platform/audit-chain/verify")
    public Uni<ChainVerificationResponse> verifyPlatform() {
        ProjectAccess.requireOperator(token);
        return audit.verify(EventColumns.NO_PROJECT).map(result -> ChainVerificationResponse.of("", result));
    }
}
