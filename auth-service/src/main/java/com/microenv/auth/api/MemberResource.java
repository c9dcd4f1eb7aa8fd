package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.microenv.auth.persistence.Role;
import com.microenv.auth.service.MemberService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.util.List;

/** Members, roles and invitations of a project. */
@Tag(name = "members")
@Path("/v1/projects/{projectId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** {@code POST …/members}: add by email with a role. */
    public record AddMemberRequest(
            @NotBlank(message = "must not be blank") @Size(max = 320, message = "must be at most 320 characters") String email,
            @NotNull(message = "is required (owner, admin, developer or viewer)") Role role) {
    }

    /** {@code PATCH …/members/{userId}}. */
    public record ChangeRoleRequest(@NotNull(message = "is required (owner, admin, developer or viewer)") Role role) {
    }

    /** A member ({@code status} active) or a pending invitation ({@code status} invited, no userId). */
    public record MemberResponse(String userId, String email, String name, String role, String status, Instant since) {
        static MemberResponse of(MemberService.Member member) {
            return new MemberResponse(member.userId(), member.email(), member.name(), member.role().name(), member.status(),
                    member.since());
        }
    }

    private final MemberService members;

    public MemberResource(MemberService members) {
        this.members = members;
    }

    @Operation(summary = "List the project's members and invitations")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "[{\"userId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"email\":\"dev@example.com\",\"name\":\"Dev\",\"role\":\"developer\",\"status\":\"active\",\"since\":\"2026-12-03T10:00:00Z\"}]")))
    @GET
    @Path("/members")
    public Uni<List<MemberResponse>> list(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        return members.list(RequestContexts.caller(security), projectId).map(list -> list.stream().map(MemberResponse::of).toList());
    }

    @Operation(summary = "Add a member by email (active for a known user, else invited)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"email\":\"dev@example.com\",\"role\":\"developer\"}")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"userId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"email\":\"dev@example.com\",\"name\":\"Dev\",\"role\":\"developer\",\"status\":\"active\",\"since\":\"2026-12-03T10:00:00Z\"}")))
    @POST
    @Path("/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> add(@PathParam("projectId") String projectId,
                             @Valid @NotNull(message = "a JSON body is required") AddMemberRequest body,
                             @Context SecurityContext security, @Context HttpHeaders headers) {
        return members.add(RequestContexts.caller(security), projectId, body.email(), body.role(), RequestContexts.of(headers))
                .map(member -> Response.status(201).entity(MemberResponse.of(member)).build());
    }

    @Operation(summary = "Change a member's role")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"role\":\"admin\"}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"userId\":\"5f0c8a52-3d1e-4c8b-9a7e-2b6d4f1e9c30\",\"email\":\"dev@example.com\",\"name\":\"Dev\",\"role\":\"admin\",\"status\":\"active\",\"since\":\"2026-12-03T10:00:00Z\"}")))
    @PATCH
    @Path("/members/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MemberResponse> changeRole(@PathParam("projectId") String projectId, @PathParam("userId") String userId,
                                          @Valid @NotNull(message = "a JSON body is required") ChangeRoleRequest body,
                                          @Context SecurityContext security, @Context HttpHeaders headers) {
        return members.changeRole(RequestContexts.caller(security), projectId, userId, body.role(), RequestContexts.of(headers))
                .map(MemberResponse::of);
    }

    @Operation(summary = "Remove a member (anyone may remove themselves)")
    @APIResponse(responseCode = "204", description = "No content")
    @DELETE
    @Path("/members/{userId}")
    public Uni<Response> remove(@PathParam("projectId") String projectId, @PathParam("userId") String userId,
                                @Context SecurityContext security, @Context HttpHeaders headers) {
        return members.remove(RequestContexts.caller(security), projectId, userId, RequestContexts.of(headers))
                .replaceWith(Response.noContent().build());
    }

    @Operation(summary = "Cancel an invitation")
    @APIResponse(responseCode = "204", description = "No content")
    @DELETE
    @Path("/invitations/{email}")
    public Uni<Response> cancelInvitation(@PathParam("projectId") String projectId, @PathParam("email") String email,
                                          @Context SecurityContext security, @Context HttpHeaders headers) {
        return members.cancelInvitation(RequestContexts.caller(security), projectId, email, RequestContexts.of(headers))
                .replaceWith(Response.noContent().build());
    }
}
