package com.microenv.auth.service;

import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.events.CredentialEvent;
import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.auth.persistence.Role;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project's API keys: create (scope never above the creator's own), list, get, revoke, rotate with a grace
 * period. Keys are created and rotated by people only; revoking needs the key's creator or {@code admin}.
 */
@ApplicationScoped
public class ApiKeyService {

    /** Order in which permissions are stored and shown. */
    public static final List<String> KEY_PERMISSIONS = List.of("read", "write", "admin");
    public static final Duration MAX_GRACE = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key just created: the entity, and the key string shown this once. */
    public record CreatedKey(ApiKeyEntity entity, String key) {
        @Override
        public String toString() {
            return "CreatedKey[id=" + entity.id + "]";
        }
    }

    /** A rotation: the new key (shown once) and the old key, now in its grace period or rotated out. */
    public record Rotation(CreatedKey created, ApiKeyEntity old) {
    }

    private final ApiKeyRepository keys;
    private final ProjectAccess access;
    private final AuditOutbox audit;

    public ApiKeyService(ApiKeyRepository keys, ProjectAccess access, AuditOutbox audit) {
        this.keys = keys;
        this.access = access;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<CreatedKey> create(Caller caller, String projectIdText, NewApiKey request, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Creating an API key");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ServiceException.validation("expiresAt must be in the future");
        }
        List<String> environments = normaliseEnvironments(request.environments());
        List<String> permissions = KEY_PERMISSIONS.stream().filter(request.permissions()::contains).toList();
        List<String> cidrs = request.allowedCidrs() == null ? null : Cidrs.normalise(request.allowedCidrs());
        if (cidrs != null && cidrs.isEmpty()) {
            throw ServiceException.validation("allowedCidrs must list at least one CIDR, or be left out for any address");
        }
        return access.of(caller, projectId).chain(granted -> {
            requireWithin(granted, permissions);
            String key = CredentialFormat.newApiKey();
            ApiKeyEntity entity = newEntity(projectId, request.name().strip(), key, permissions, environments, cidrs,
                    request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS), caller.subject(), now);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("keyId", entity.id);
            details.put("name", entity.name);
            details.put("permissions", String.join(",", permissions));
            details.put("environments", String.join(",", environments));
            if (cidrs != null) {
                details.put("allowedCidrs", String.join(",", cidrs));
            }
            if (entity.expiresAt != null) {
                details.put("expiresAt", entity.expiresAt.toString());
            }
            return keys.persist(entity)
                    .chain(() -> audit.append(Audits.APIKEY_CREATED, subject(projectId, entity.id),
                            Audits.success(caller, projectId, "apikey.created", context, details)))
                    .replaceWith(new CreatedKey(entity, key));
        });
    }

    @WithSession
    public Uni<List<ApiKeyEntity>> list(Caller caller, String projectIdText) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Listing API keys");
        return access.of(caller, projectId).chain(() -> keys.listByProject(projectId));
    }

    @WithSession
    public Uni<ApiKeyEntity> get(Caller caller, String projectIdText, String keyId) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Reading an API key");
        return access.of(caller, projectId).chain(() -> find(projectId, keyId));
    }

    /** Revokes a key (idempotent: revoking a revoked key changes nothing and publishes nothing). */
    @WithTransaction
    public Uni<ApiKeyEntity> revoke(Caller caller, String projectIdText, String keyId, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        return access.of(caller, projectId).chain(granted -> find(projectId, keyId).chain(key -> {
            requireCreatorOrAdmin(caller, granted, key, "revoke");
            if (key.revokedAt != null) {
                return Uni.createFrom().item(key);
            }
            key.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return audit.append(Audits.APIKEY_REVOKED, subject(projectId, key.id),
                            Audits.success(caller, projectId, "apikey.revoked", context, Map.of("keyId", key.id, "name", key.name)))
                    .chain(() -> audit.appendCredential(CredentialEvent.revoked(List.of(key.id), projectId.toString(),
                            key.createdBy, CredentialEvent.REASON_REVOKED)))
                    .replaceWith(key);
        }));
    }

    /**
     * Replaces a key by a new one with the same scope; the old one keeps working for {@code grace} (0 to 24 h)
     * and then stops by itself.
     */
    @WithTransaction
    public Uni<Rotation> rotate(Caller caller, String projectIdText, String keyId, Duration grace, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Rotating an API key");
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ServiceException.validation("gracePeriodSeconds must be between 0 and 86400 (24 h)");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return access.of(caller, projectId).chain(granted -> find(projectId, keyId).chain(old -> {
            requireCreatorOrAdmin(caller, granted, old, "rotate");
            if (!old.isUsableAt(now) || old.rotatedTo != null) {
                throw ServiceException.conflict("Only an active key can be rotated; this one is " + old.statusAt(now)
                        + (old.rotatedTo != null ? " (already replaced by " + old.rotatedTo + ")" : ""));
            }
            requireWithin(granted, old.permissions);
            String key = CredentialFormat.newApiKey();
            ApiKeyEntity fresh = newEntity(projectId, old.name, key, old.permissions, old.environments, old.allowedCidrs,
                    old.expiresAt, caller.subject(), now);
            old.rotatedTo = fresh.id;
            old.rotatedOutAt = now.plus(grace);
            if (grace.isZero()) {
                old.endPublishedAt = now;
            }
            Uni<?> immediate = grace.isZero()
                    ? audit.appendCredential(CredentialEvent.revoked(List.of(old.id), projectId.toString(),
                            old.createdBy, CredentialEvent.REASON_ROTATED_OUT))
                    : Uni.createFrom().voidItem();
            Map<String, String> details = Map.of("keyId", old.id, "newKeyId", fresh.id, "name", old.name,
                    "gracePeriodSeconds", Long.toString(grace.toSeconds()), "rotatedOutAt", old.rotatedOutAt.toString());
            return keys.persist(fresh)
                    .chain(() -> immediate)
                    .chain(() -> audit.append(Audits.APIKEY_ROTATED, subject(projectId, old.id),
                            Audits.success(caller, projectId, "apikey.rotated", context, details)))
                    .replaceWith(new Rotation(new CreatedKey(fresh, key), old));
        }));
    }

    /**
     * When a member leaves, all their keys in the project are revoked; when their role shrinks, the keys whose
     * permissions exceed the new role are revoked (keys within it stay). Runs inside the caller's transaction;
     * the ids revoked.
     */
    public Uni<List<String>> revokeBeyondRole(Caller actor, UUID projectId, String memberId, Role newRole, RequestContext context) {
        return keys.listUnrevokedByCreator(projectId, memberId).chain(list -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<ApiKeyEntity> affected = list.stream()
                    .filter(key -> newRole == null || !newRole.permissions().containsAll(key.permissions))
                    .toList();
            if (affected.isEmpty()) {
                return Uni.createFrom().item(List.<String>of());
            }
            List<String> ids = affected.stream().map(key -> key.id).toList();
            String reason = newRole == null ? "member_removed" : "role_changed";
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ApiKeyEntity key : affected) {
                key.revokedAt = now;
                chain = chain.chain(() -> audit.append(Audits.APIKEY_REVOKED, subject(projectId, key.id),
                        Audits.success(actor, projectId, "apikey.revoked", context,
                                Map.of("keyId", key.id, "name", key.name, "reason", reason)))).replaceWithVoid();
            }
            return chain.chain(() -> audit.appendCredential(CredentialEvent.revoked(ids, projectId.toString(), memberId,
                    CredentialEvent.REASON_REVOKED))).replaceWith(ids);
        });
    }

    private Uni<ApiKeyEntity> find(UUID projectId, String keyId) {
        return keys.findById(keyId == null ? "" : keyId)
                .map(key -> {
                    if (key == null || !key.projectId.equals(projectId)) {
                        throw ServiceException.notFound("No API key with id '" + RequestText.safe(keyId) + "' in project " + projectId);
                    }
                    return key;
                });
    }

    /** No escalation: a key never carries a permission its creator lacks. */
    private static void requireWithin(ProjectAccess.Access granted, List<String> permissions) {
        for (String permission : permissions) {
            if (!granted.has(permission)) {
                String who = granted.role() != null ? "your role (" + granted.role() + ")" : "this credential";
                throw ServiceException.forbidden("A key cannot carry more than its creator may do: " + who
                        + " does not grant '" + permission + "'");
            }
        }
    }

    private static void requireCreatorOrAdmin(Caller caller, ProjectAccess.Access granted, ApiKeyEntity key, String verb) {
        boolean creator = caller.isPerson() && caller.subject().equals(key.createdBy);
        if (!creator && !granted.has("admin")) {
            throw ServiceException.forbidden("Only the key's creator or a project admin may " + verb + " it");
        }
    }

    private static ApiKeyEntity newEntity(UUID projectId, String name, String key, List<String> permissions,
                                          List<String> environments, List<String> cidrs, Instant expiresAt,
                                          String createdBy, Instant now) {
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = "key_" + CredentialFormat.randomBase62(20, RANDOM);
        entity.projectId = projectId;
        entity.name = name;
        entity.keyHash = Hashes.sha256Hex(key);
        entity.prefix = CredentialFormat.displayPrefix(key);
        entity.suffix = CredentialFormat.displaySuffix(key);
        entity.permissions = List.copyOf(permissions);
        entity.environments = List.copyOf(environments);
        entity.allowedCidrs = cidrs == null || cidrs.isEmpty() ? null : List.copyOf(cidrs);
        entity.createdBy = createdBy;
        entity.createdAt = now;
        entity.expiresAt = expiresAt;
        return entity;
    }

    private static String subject(UUID projectId, String keyId) {
        return "/projects/" + projectId + "/api-keys/" + keyId;
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
