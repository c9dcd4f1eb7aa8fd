package com.microenv.auth.api;

import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.service.NewApiKey;
import jakarta.validation.constraints.Future;
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

            @NotEmpty(message = "must list at least one of read, write")
            @Size(max = 2, message = "must list at most read and write")
            List<@NotNull(message = "must not contain null")
                 @Pattern(regexp = "read|write", message = "must contain only read or write") String> permissions,

            @NotEmpty(message = "must list environment names, or [\"*\"] for all")
            @Size(max = 100, message = "must list at most 100 environments")
            List<@NotNull(message = "must not contain null")
                 @Pattern(regexp = "\\*|[a-z0-9][a-z0-9_-]{0,63}",
                         message = "must contain environment names matching ^[a-z0-9][a-z0-9_-]{0,63}$, or \"*\"") String> environments,

            @Future(message = "must be in the future")
            Instant expiresAt) {

        NewApiKey toNewApiKey() {
            return new NewApiKey(name, permissions, environments, expiresAt);
        }
    }

    /** The response to a creation: the only time {@code key} is ever shown. */
    public record CreatedApiKeyResponse(String id, String name, String key, String prefix, String suffix,
                                        List<String> permissions, List<String> environments,
                                        Instant createdAt, Instant expiresAt) {
        static CreatedApiKeyResponse of(ApiKeyEntity entity, String key) {
            return new CreatedApiKeyResponse(entity.id, entity.name, key, entity.prefix, entity.suffix,
                    entity.permissions, entity.environments, entity.createdAt, entity.expiresAt);
        }

        @Override
        public String toString() {
            return "CreatedApiKeyResponse[id=" + id + "]";
        }
    }

    /** An API key in a list: never the key itself. */
    public record ApiKeyResponse(String id, String name, String prefix, String suffix, List<String> permissions,
                                 List<String> environments, String createdBy, Instant createdAt, Instant expiresAt,
                                 Instant revokedAt, Instant lastUsedAt) {
        static ApiKeyResponse of(ApiKeyEntity entity) {
            return new ApiKeyResponse(entity.id, entity.name, entity.prefix, entity.suffix, entity.permissions,
                    entity.environments, entity.createdBy, entity.createdAt, entity.expiresAt, entity.revokedAt,
                    entity.lastUsedAt);
        }
    }
}
