package com.microenv.auth.api;

import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.service.NewApiKey;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of {@code /v1/projects/{p}/api-keys}. */
public final class ApiKeyDtos {

    private ApiKeyDtos() {
    }

    /** {@code POST /v1/projects/{p}/api-keys}. */
    public record CreateApiKeyRequest(
            @NotBlank(message = "must not be blank")
            @Size(max = 100, message = "must be at most 100 characters")
            String name,

            @NotEmpty(message = "must list at least one of read, write, admin")
            @Size(max = 3, message = "must list at most read, write and admin")
            List<@NotNull(message = "must not contain null")
                 @Pattern(regexp = "read|write|admin", message = "must contain only read, write or admin") String> permissions,

            @NotEmpty(message = "must list environment names, or [\"*\"] for all")
            @Size(max = 100, message = "must list at most 100 environments")
            List<@NotNull(message = "must not contain null")
                 @Pattern(regexp = "\\*|[a-z0-9][a-z0-9_-]{0,63}",
                         message = "must contain environment names matching ^[a-z0-9][a-z0-9_-]{0,63}$, or \"*\"") String> environments,

            Instant expiresAt,

            @Size(max = 50, message = "must list at most 50 CIDRs")
            List<@NotNull(message = "must not contain null") String> allowedCidrs) {

        NewApiKey toNewApiKey() {
            return new NewApiKey(name, permissions, environments, expiresAt, allowedCidrs);
        }
    }

    /** {@code POST /v1/projects/{p}/api-keys/{id}/rotate}. */
    public record RotateApiKeyRequest(
            @NotNull(message = "is required (0 to 86400 seconds)")
            @Min(value = 0, message = "must be between 0 and 86400 (24 h)")
            @Max(value = 86400, message = "must be between 0 and 86400 (24 h)")
            Long gracePeriodSeconds) {
    }

    /** The response to a creation or rotation: the only time {@code key} is ever shown. */
    public record CreatedApiKeyResponse(String id, String name, String key, String prefix, String suffix,
                                        List<String> permissions, List<String> environments, List<String> allowedCidrs,
                                        Instant createdAt, Instant expiresAt, ApiKeyResponse rotatedFrom) {
        static CreatedApiKeyResponse of(ApiKeyEntity entity, String key, ApiKeyResponse rotatedFrom) {
            return new CreatedApiKeyResponse(entity.id, entity.name, key, entity.prefix, entity.suffix,
                    entity.permissions, entity.environments, cidrs(entity), entity.createdAt, entity.expiresAt, rotatedFrom);
        }

        @Override
        public String toString() {
            return "CreatedApiKeyResponse[id=" + id + "]";
        }
    }

    /** An API key in a list or on its own: never the key itself. */
    public record ApiKeyResponse(String id, String name, String prefix, String suffix, List<String> permissions,
                                 List<String> environments, List<String> allowedCidrs, String status, String createdBy,
                                 Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
                                 String lastClientIp, String rotatedTo, Instant rotatedOutAt) {
        static ApiKeyResponse of(ApiKeyEntity entity) {
            return new ApiKeyResponse(entity.id, entity.name, entity.prefix, entity.suffix, entity.permissions,
                    entity.environments, cidrs(entity), entity.statusAt(Instant.now()), entity.createdBy, entity.createdAt,
                    entity.expiresAt, entity.revokedAt, entity.lastUsedAt, entity.lastClientIp, entity.rotatedTo,
                    entity.rotatedOutAt);
        }
    }

    private static List<String> cidrs(ApiKeyEntity entity) {
        return entity.hasCidrs() ? entity.allowedCidrs : null;
    }
}
