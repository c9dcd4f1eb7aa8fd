package com.microenv.auth.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.microenv.auth.persistence.DeviceAuthorizationEntity;
import com.microenv.auth.service.DeviceFlowService;
import com.microenv.auth.service.OAuthError;
import com.microenv.auth.service.RequestContext;
import com.microenv.auth.service.UserCodes;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;

/**
 * {@code microenv login}: MicroENV's RFC 8628 device flow. The request and token endpoints need no credential
 * (the device has none yet) and take form parameters as the RFC says, or the same names as JSON; approval
 * needs a signed-in user.
 */
@Tag(name = "device-login")
@Path("/v1/auth/device")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    /** The device authorization request as JSON (same names as the form). */
    public record DeviceRequest(@JsonProperty("client_id") String clientId,
                                @JsonProperty("client_name") String clientName,
                                @JsonProperty("token_lifetime") Long tokenLifetime) {
    }

    /** The token request as JSON (same names as the form). */
    public record TokenRequest(@JsonProperty("grant_type") String grantType,
                               @JsonProperty("device_code") String deviceCode,
                               @JsonProperty("client_id") String clientId) {
        @Override
        public String toString() {
            return "TokenRequest[grantType=" + grantType + "]";
        }
    }

    /** RFC 8628 §3.2. */
    public record DeviceResponse(@JsonProperty("device_code") String deviceCode,
                                 @JsonProperty("user_code") String userCode,
                                 @JsonProperty("verification_uri") String verificationUri,
                                 @JsonProperty("verification_uri_complete") String verificationUriComplete,
                                 @JsonProperty("expires_in") long expiresIn,
                                 int interval) {
        @Override
        public String toString() {
            return "DeviceResponse[userCode=" + userCode + "]";
        }
    }

    /** RFC 6749 §5.1, plus the token's id. */
    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn,
                                @JsonProperty("token_id") String tokenId) {
        @Override
        public String toString() {
            return "TokenResponse[tokenId=" + tokenId + "]";
        }
    }

    /** {@code POST /v1/auth/device/approve}. */
    public record ApproveRequest(
            @JsonProperty("user_code") @NotBlank(message = "must not be blank") @Size(max = 32, message = "is too long") String userCode,
            @NotNull(message = "is required (approve or deny)")
            @Pattern(regexp = "approve|deny", message = "must be approve or deny") String decision) {
    }

    /** A login waiting for approval: what is being approved, so a phished code can be spotted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PendingResponse(@JsonProperty("user_code") String userCode, String status,
                                  @JsonProperty("client_name") String clientName,
                                  @JsonProperty("client_ip") String clientIp,
                                  @JsonProperty("user_agent") String userAgent,
                                  @JsonProperty("requested_at") Instant requestedAt,
                                  @JsonProperty("expires_at") Instant expiresAt,
                                  @JsonProperty("token_lifetime") long tokenLifetime) {
        static PendingResponse of(DeviceAuthorizationEntity row) {
            return new PendingResponse(UserCodes.display(row.userCode), row.status, row.clientName, row.clientIp, row.userAgent,
                    row.createdAt, row.expiresAt, row.tokenLifetimeSeconds);
        }
    }

    private final DeviceFlowService devices;

    public DeviceResource(DeviceFlowService devices) {
        this.devices = devices;
    }

    @Operation(summary = "Start a device login (RFC 8628 §3.1); no credential")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> startForm(@FormParam("client_id") String clientId, @FormParam("client_name") String clientName,
                                   @FormParam("token_lifetime") String tokenLifetime, @Context HttpHeaders headers) {
        Long lifetime;
        try {
            lifetime = tokenLifetime == null || tokenLifetime.isBlank() ? null : Long.valueOf(tokenLifetime.strip());
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(com.microenv.auth.service.ServiceException.validation("token_lifetime must be a number of seconds"));
        }
        return start(clientName, lifetime, headers);
    }

    @Operation(summary = "Start a device login (JSON body); no credential")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"client_name\":\"laptop\",\"token_lifetime\":2592000}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"device_code\":\"Gm3…\",\"user_code\":\"BCDF-GHJK\",\"verification_uri\":\"http://127.0.0.1:8080/device\",\"verification_uri_complete\":\"http://127.0.0.1:8080/device?user_code=BCDF-GHJK\",\"expires_in\":600,\"interval\":5}")))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> startJson(DeviceRequest body, @Context HttpHeaders headers) {
        return start(body == null ? null : body.clientName(), body == null ? null : body.tokenLifetime(), headers);
    }

    private Uni<Response> start(String clientName, Long lifetime, HttpHeaders headers) {
        return devices.start(clientName, lifetime, RequestContexts.of(headers))
                .map(started -> Response.ok(new DeviceResponse(started.deviceCode(), started.userCode(), started.verificationUri(),
                                started.verificationUriComplete(), started.expiresIn(), started.interval()))
                        .cacheControl(ApiKeyResource.noStore()).build());
    }

    @Operation(summary = "Poll a device login for its CLI token (RFC 8628 §3.4); no credential")
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> tokenForm(@FormParam("grant_type") String grantType, @FormParam("device_code") String deviceCode,
                                   @Context HttpHeaders headers) {
        return token(grantType, deviceCode, RequestContexts.of(headers));
    }

    @Operation(summary = "Poll a device login for its CLI token (JSON body); no credential")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"grant_type\":\"urn:ietf:params:oauth:grant-type:device_code\",\"device_code\":\"Gm3…\"}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"access_token\":\"menv_ct_…\",\"token_type\":\"Bearer\",\"expires_in\":2592000,\"token_id\":\"ct_8Hs2\"}")))
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> tokenJson(TokenRequest body, @Context HttpHeaders headers) {
        return token(body == null ? null : body.grantType(), body == null ? null : body.deviceCode(), RequestContexts.of(headers));
    }

    private Uni<Response> token(String grantType, String deviceCode, RequestContext request) {
        if (grantType == null || grantType.isBlank()) {
            return Uni.createFrom().failure(new OAuthError(OAuthError.INVALID_REQUEST, "grant_type is required", null));
        }
        if (!GRANT_TYPE.equals(grantType)) {
            return Uni.createFrom().failure(new OAuthError(OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be " + GRANT_TYPE, null));
        }
        return devices.poll(deviceCode, request)
                .map(issued -> Response.ok(new TokenResponse(issued.token(), "Bearer",
                                Math.max(0, issued.entity().expiresAt.getEpochSecond() - Instant.now().getEpochSecond()),
                                issued.entity().id))
                        .cacheControl(ApiKeyResource.noStore()).header("Pragma", "no-cache").build());
    }

    /** What approving this code would approve. */
    @Operation(summary = "Show a pending device login to the signed-in user")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"user_code\":\"BCDF-GHJK\",\"status\":\"pending\",\"client_name\":\"laptop\",\"client_ip\":\"203.0.113.7\",\"user_agent\":\"microenv-cli/0.1\",\"requested_at\":\"2026-12-03T10:00:00Z\",\"expires_at\":\"2026-12-03T10:10:00Z\",\"token_lifetime\":2592000}")))
    @GET
    @Path("/approve")
    @Authenticated
    public Uni<PendingResponse> pending(@QueryParam("user_code") String userCode, @Context SecurityContext security) {
        return devices.pending(RequestContexts.caller(security), userCode).map(PendingResponse::of);
    }

    @Operation(summary = "Approve or deny a device login")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"user_code\":\"BCDF-GHJK\",\"decision\":\"approve\"}")))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = "{\"user_code\":\"BCDF-GHJK\",\"status\":\"approved\",\"client_name\":\"laptop\",\"client_ip\":\"203.0.113.7\",\"user_agent\":\"microenv-cli/0.1\",\"requested_at\":\"2026-12-03T10:00:00Z\",\"expires_at\":\"2026-12-03T10:10:00Z\",\"token_lifetime\":2592000}")))
    @POST
    @Path("/approve")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PendingResponse> decide(@Valid @NotNull(message = "a JSON body is required") ApproveRequest body,
                                       @Context SecurityContext security, @Context HttpHeaders headers) {
        return devices.decide(RequestContexts.caller(security), body.userCode(), "approve".equals(body.decision()),
                RequestContexts.of(headers)).map(PendingResponse::of);
    }
}
