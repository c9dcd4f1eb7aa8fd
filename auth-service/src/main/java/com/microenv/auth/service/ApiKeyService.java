package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditTypes;
import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.auth.persistence.ProjectRepository;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating and listing a project's API keys; both need the {@code admin} permission on the project. */
@ApplicationScoped
public class ApiKeyService {

    /** Order in which permissions are stored and shown. */
    private static final List<String> KEY_PERMISSIONS = List.of("read", "write");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key just created: the entity, and the key string shown this once. */
    public record CreatedKey(ApiKeyEntity entity, String key) {
        @Override
        public String toString() {
            return "CreatedKey[id=" + entity.id + "]";
        }
    }

    private final ApiKeyRepository keys;
    private final ProjectRepository projects;
    private final AuditOutbox audit;

    public ApiKeyService(ApiKeyRepository keys, ProjectRepository projects, AuditOutbox audit) {
        this.keys = keys;
        this.projects = projects;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<CreatedKey> create(Caller caller, String projectIdText, NewApiKey request, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.require(projectId, "admin");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ServiceException.validation("expiresAt must be in the future");
        }
        List<String> environments = normaliseEnvironments(request.environments());
        List<String> permissions = KEY_PERMISSIONS.stream().filter(request.permissions()::contains).toList();

        String key = CredentialFormat.newApiKey();
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = "key_" + CredentialFormat.randomBase62(20, RANDOM);
        entity.projectId = projectId;
        entity.name = request.name().strip();
        entity.keyHash = Hashes.sha256Hex(key);
        entity.prefix = CredentialFormat.displayPrefix(key);
        entity.suffix = CredentialFormat.displaySuffix(key);
        entity.permissions = permissions;
        entity.environments = environments;
        entity.createdBy = caller.subject();
        entity.createdAt = now;
        entity.expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);

        AuditData data = new AuditData(caller.subject(), caller.actorName(), caller.credentialId(), caller.credentialKind(),
                projectId.toString(), null, "apikey.created", AuditData.SUCCESS, context.requestId(), context.clientIp(),
                context.userAgent(), null,
                Map.of("keyId", entity.id, "name", entity.name, "permissions", String.join(",", permissions),
                        "environments", String.join(",", environments)));
        return projects.findById(projectId)
                .onItem().ifNull().failWith(() -> ServiceException.notFound("No project with id '" + projectId + "'"))
                .chain(() -> keys.persist(entity))
                .chain(() -> audit.append(AuditTypes.APIKEY_CREATED, "/projects/" + projectId + "/api-keys/" + entity.id, data))
                .replaceWith(new CreatedKey(entity, key));
    }

    @WithSession
    public Uni<List<ApiKeyEntity>> list(Caller caller, String projectIdText) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.require(projectId, "admin");
        return keys.listByProject(projectId);
    }

    /** {@code ["*"]} alone, or distinct names in the order given. */
    private static List<String> normaliseEnvironments(List<String> environments) {
        if (environments.contains("*")) {
            if (environments.size() != 1) {
                throw ServiceException.validation("environments must be either [\"*\"] or a list of environment names, not both");
            }
            return List.of("*");
        }
        return List.copyOf(new LinkedHashSet<>(environments));
    }
}
