package com.microenv.auth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.microenv.auth.persistence.OidcRefusalEntity;
import com.microenv.auth.persistence.OidcTrustEntity;
import com.microenv.auth.service.OidcLoginService;
import com.microenv.auth.service.OidcTrustService.TrustInput;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Bodies of {@code /v1/projects/{p}/oidc-trusts} and {@code /v1/auth/oidc/login}. */
public final class OidcTrustDtos {

    private OidcTrustDtos() {
    }

    /** {@code POST /v1/projects/{p}/oidc-trusts}; also {@code PATCH …/{id}}, where every field is optional. */
    public record TrustRequest(
            @Size(max = 100, message = "must be at most 100 characters") String name,
            String preset,
            @Size(max = 2048, message = "must be at most 2048 characters") String issuer,
            @Size(max = 512, message = "must be at most 512 characters") String audience,
            Map<String, String> claims,
            @Size(max = 3, message = "must list at most read, write and admin")
            List<@NotNull(message = "must not contain null")
                 @Pattern(regexp = "read|write|admin", message = "must contain only read, write or admin") String> permissions,
            @Size(max = 100, message = "must list at most 100 environments")
            List<@NotNull(message = "must not contain null")
                 @Pattern(regexp = "\\*|[a-z0-9][a-z0-9_-]{0,63}",
                         message = "must contain environment names matching ^[a-z0-9][a-z0-9_-]{0,63}$, or \"*\"") String> environments,
            Integer tokenLifetimeSeconds) {

        TrustInput toInput() {
            return new TrustInput(name, preset, issuer, audience, claims, permissions, environments, tokenLifetimeSeconds);
        }
    }

    /** A trust as the API shows it (no secret in it). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TrustResponse(String id, String projectId, String name, String preset, String issuer, String audience,
                                Map<String, String> claims, List<String> permissions, List<String> environments,
                                int tokenLifetimeSeconds, String createdBy, Instant createdAt, Instant updatedAt) {
        static TrustResponse of(OidcTrustEntity trust) {
            return new TrustResponse(trust.id, trust.projectId.toString(), trust.name, trust.preset, trust.issuer, trust.audience,
                    trust.claims, trust.permissions, trust.environments, trust.tokenLifetimeSeconds, trust.createdBy,
                    trust.createdAt, trust.updatedAt);
        }
    }

    /** One refused login: the rule that failed and what was seen, never the token. */
    public record RefusalResponse(Instant at, String reason, String detail, String clientIp, String requestId) {
        static RefusalResponse of(OidcRefusalEntity row) {
            return new RefusalResponse(row.at, row.reason, row.detail, row.clientIp, row.requestId);
        }
    }

    /** {@code POST /v1/auth/oidc/login}. */
    public record LoginRequest(
            @NotBlank(message = "must name the trust (trust_…)") @Size(max = 40, message = "is not a trust id") String trustId,
            @NotBlank(message = "must hold the identity provider's JWT") @Size(max = 16384, message = "is longer than 16 KiB") String token) {
        @Override
        public String toString() {
            return "LoginRequest[trustId=" + trustId + "]";
        }
    }

    /** The workload token, shown this once. */
    public record LoginResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn,
                                @JsonProperty("token_id") String tokenId,
                                @JsonProperty("project_id") String projectId,
                                List<String> permissions,
                                List<String> environments) {
        static LoginResponse of(OidcLoginService.Login login) {
            long expiresIn = Math.max(0, login.entity().expiresAt.getEpochSecond() - Instant.now().getEpochSecond());
            return new LoginResponse(login.token(), "Bearer", expiresIn, login.entity().id, login.entity().projectId.toString(),
                    login.entity().permissions, login.entity().environments);
        }

        @Override
        public String toString() {
            return "LoginResponse[tokenId=" + tokenId + "]";
        }
    }
}
