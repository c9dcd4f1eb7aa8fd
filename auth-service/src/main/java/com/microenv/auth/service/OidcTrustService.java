package com.microenv.auth.service;

import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.crypto.OutsideTokenVerifier;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.events.CredentialEvent;
import com.microenv.auth.persistence.OidcRefusalEntity;
import com.microenv.auth.persistence.OidcRefusalRepository;
import com.microenv.auth.persistence.OidcTrustEntity;
import com.microenv.auth.persistence.OidcTrustRepository;
import com.microenv.auth.persistence.WorkloadTokenRepository;
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
import java.util.Objects;
import java.util.UUID;

/**
 * A project's OIDC trusts (docs/contracts.md, "Workload tokens and OIDC trusts"): registered, changed and deleted
 * by a project admin (a person), audited. Strict by default: a trust needs a rule pinning the identity, grants
 * at most what its creator may do, and its tokens live at most {@code microenv.auth.workload-tokens.max-lifetime}.
 * A change of what a trust accepts or grants, and its deletion, revoke its live tokens (a token never changes
 * meaning under a running job: it works as issued or fails as revoked).
 */
@ApplicationScoped
public class OidcTrustService {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A trust's fields as a request gives them; null = not given (defaults on create, unchanged on update). */
    public record TrustInput(String name, String preset, String issuer, String audience, Map<String, String> claims,
                             List<String> permissions, List<String> environments, Integer tokenLifetimeSeconds) {
    }

    private final OidcTrustRepository trusts;
    private final WorkloadTokenRepository tokens;
    private final OidcRefusalRepository refusals;
    private final ProjectAccess access;
    private final AuditOutbox audit;
    private final OutsideTokenVerifier verifier;
    private final AuthConfig config;

    public OidcTrustService(OidcTrustRepository trusts, WorkloadTokenRepository tokens, OidcRefusalRepository refusals,
                            ProjectAccess access, AuditOutbox audit, OutsideTokenVerifier verifier, AuthConfig config) {
        this.trusts = trusts;
        this.tokens = tokens;
        this.refusals = refusals;
        this.access = access;
        this.audit = audit;
        this.verifier = verifier;
        this.config = config;
    }

    @WithTransaction
    public Uni<OidcTrustEntity> create(Caller caller, String projectIdText, TrustInput input, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Registering an OIDC trust");
        OidcTrustEntity trust = new OidcTrustEntity();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        trust.id = "trust_" + CredentialFormat.randomBase62(20, RANDOM);
        trust.projectId = projectId;
        trust.createdBy = caller.subject();
        trust.createdAt = now;
        trust.updatedAt = now;
        apply(trust, input, true);
        return access.of(caller, projectId).chain(granted -> {
            requireAdmin(granted);
            requireWithin(granted, trust.permissions);
            return trusts.persist(trust)
                    .chain(() -> audit.append(Audits.OIDCTRUST_CREATED, subject(trust), Audits.success(caller, projectId,
                            "oidctrust.created", context, details(trust))))
                    .replaceWith(trust);
        });
    }

    @WithSession
    public Uni<List<OidcTrustEntity>> list(Caller caller, String projectIdText) {
        UUID projectId = ProjectIds.require(projectIdText);
        return adminAccess(caller, projectId).chain(() -> trusts.listLive(projectId));
    }

    @WithSession
    public Uni<OidcTrustEntity> get(Caller caller, String projectIdText, String trustId) {
        UUID projectId = ProjectIds.require(projectIdText);
        return adminAccess(caller, projectId).chain(() -> find(projectId, trustId));
    }

    /** Changes the given fields; a change of issuer, audience, claims, permissions or environments revokes live tokens. */
    @WithTransaction
    public Uni<OidcTrustEntity> update(Caller caller, String projectIdText, String trustId, TrustInput input, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Changing an OIDC trust");
        return access.of(caller, projectId).chain(granted -> find(projectId, trustId).chain(trust -> {
            requireAdmin(granted);
            if (input.preset() != null && !Objects.equals(input.preset(), trust.preset)) {
                throw ServiceException.validation("preset cannot be changed; register a new trust instead");
            }
            Map<String, String> before = details(trust);
            apply(trust, input, false);
            requireWithin(granted, trust.permissions);
            Map<String, String> after = details(trust);
            boolean scopeChanged = !Objects.equals(before.get("issuer"), after.get("issuer"))
                    || !Objects.equals(before.get("audience"), after.get("audience"))
                    || !Objects.equals(before.get("claims"), after.get("claims"))
                    || !Objects.equals(before.get("permissions"), after.get("permissions"))
                    || !Objects.equals(before.get("environments"), after.get("environments"));
            trust.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Uni<List<String>> revoked = scopeChanged ? revokeLiveTokens(trust) : Uni.createFrom().item(List.of());
            return revoked.chain(ids -> {
                Map<String, String> data = new LinkedHashMap<>(after);
                data.put("revokedTokens", String.join(",", ids));
                return audit.append(Audits.OIDCTRUST_UPDATED, subject(trust),
                        Audits.success(caller, projectId, "oidctrust.updated", context, data));
            }).replaceWith(trust);
        }));
    }

    /** Deletes the trust (its logins are refused from now on, as {@code trust_deleted}) and revokes its live tokens. */
    @WithTransaction
    public Uni<OidcTrustEntity> delete(Caller caller, String projectIdText, String trustId, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Deleting an OIDC trust");
        return access.of(caller, projectId).chain(granted -> find(projectId, trustId).chain(trust -> {
            requireAdmin(granted);
            trust.deletedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return revokeLiveTokens(trust).chain(ids -> audit.append(Audits.OIDCTRUST_DELETED, subject(trust),
                            Audits.success(caller, projectId, "oidctrust.deleted", context,
                                    Map.of("trustId", trust.id, "name", trust.name, "revokedTokens", String.join(",", ids)))))
                    .replaceWith(trust);
        }));
    }

    /** The trust's recent refusals, newest first. */
    @WithSession
    public Uni<List<OidcRefusalEntity>> refusals(Caller caller, String projectIdText, String trustId) {
        UUID projectId = ProjectIds.require(projectIdText);
        return adminAccess(caller, projectId).chain(() -> find(projectId, trustId))
                .chain(trust -> refusals.recent(trust.id, config.oidc().refusalsShown()));
    }

    private Uni<List<String>> revokeLiveTokens(OidcTrustEntity trust) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return tokens.listLive(trust.id, now).chain(live -> {
            if (live.isEmpty()) {
                return Uni.createFrom().item(List.<String>of());
            }
            live.forEach(token -> token.revokedAt = now);
            List<String> ids = live.stream().map(token -> token.id).toList();
            return audit.appendCredential(CredentialEvent.revoked(ids, trust.projectId.toString(), null, CredentialEvent.REASON_REVOKED))
                    .replaceWith(ids);
        });
    }

    private Uni<ProjectAccess.Access> adminAccess(Caller caller, UUID projectId) {
        return access.of(caller, projectId).invoke(OidcTrustService::requireAdmin);
    }

    private static void requireAdmin(ProjectAccess.Access granted) {
        if (!granted.has("admin")) {
            throw ServiceException.forbidden("Managing OIDC trusts needs the admin permission on the project");
        }
    }

    /** No escalation: a trust never grants a permission its creator (or changer) lacks. */
    private static void requireWithin(ProjectAccess.Access granted, List<String> permissions) {
        for (String permission : permissions) {
            if (!granted.has(permission)) {
                throw ServiceException.forbidden("A trust cannot grant more than its creator may do: your role ("
                        + granted.role() + ") does not grant '" + permission + "'");
            }
        }
    }

    private Uni<OidcTrustEntity> find(UUID projectId, String trustId) {
        return trusts.findById(trustId == null ? "" : trustId).map(trust -> {
            if (trust == null || !trust.projectId.equals(projectId) || trust.isDeleted()) {
                throw ServiceException.notFound("No OIDC trust with id '" + RequestText.safe(trustId) + "' in project " + projectId);
            }
            return trust;
        });
    }

    /** Validates and applies the given fields (all of them on create, with defaults). */
    private void apply(OidcTrustEntity trust, TrustInput input, boolean creating) {
        if (creating) {
            TrustPresets.Preset preset = null;
            if (input.preset() != null) {
                preset = TrustPresets.find(input.preset()).orElseThrow(() -> ServiceException.validation(
                        "preset must be one of " + String.join(", ", TrustPresets.names())));
                trust.preset = preset.name();
            }
            if (input.name() == null || input.name().isBlank()) {
                throw ServiceException.validation("name must not be blank");
            }
            String issuer = input.issuer() != null ? input.issuer() : preset != null ? preset.issuer() : null;
            if (issuer == null) {
                throw ServiceException.validation("issuer is required"
                        + (preset != null && preset.issuerHint() != null ? ": " + preset.issuerHint() : " (the identity provider's issuer URL)"));
            }
            trust.issuer = issuer;
            trust.audience = input.audience() != null ? input.audience() : TrustPresets.DEFAULT_AUDIENCE;
            trust.claims = input.claims();
            trust.permissions = input.permissions();
            trust.environments = input.environments();
            trust.tokenLifetimeSeconds = input.tokenLifetimeSeconds() != null ? input.tokenLifetimeSeconds()
                    : (int) config.workloadTokens().defaultLifetime().toSeconds();
        } else {
            if (input.issuer() != null) {
                trust.issuer = input.issuer();
            }
            if (input.audience() != null) {
                trust.audience = input.audience();
            }
            if (input.claims() != null) {
                trust.claims = input.claims();
            }
            if (input.permissions() != null) {
                trust.permissions = input.permissions();
            }
            if (input.environments() != null) {
                trust.environments = input.environments();
            }
            if (input.tokenLifetimeSeconds() != null) {
                trust.tokenLifetimeSeconds = input.tokenLifetimeSeconds();
            }
        }
        if (input.name() != null) {
            if (input.name().isBlank()) {
                throw ServiceException.validation("name must not be blank");
            }
            trust.name = input.name().strip();
        }
        if (trust.issuer.length() > 2048 || !verifier.allowedUrl(trust.issuer)) {
            throw ServiceException.validation("issuer must be an https URL without query or fragment"
                    + (config.oidc().allowHttpIssuers() ? " (or http, allowed on this server)" : ""));
        }
        if (trust.audience.isBlank() || trust.audience.length() > 512) {
            throw ServiceException.validation("audience must be 1 to 512 characters");
        }
        trust.claims = ClaimRules.validate(trust.claims);
        if (trust.preset != null) {
            List<String> known = TrustPresets.find(trust.preset).orElseThrow().claims();
            for (String name : trust.claims.keySet()) {
                if (!known.contains(name)) {
                    throw ServiceException.validation("claims: '" + name + "' is not a claim of " + trust.preset
                            + " tokens (known: " + String.join(", ", known) + ")");
                }
            }
        }
        if (!ClaimRules.pins(trust.claims)) {
            throw ServiceException.validation("The trust has no claim rule that pins the identity: add a rule on "
                    + String.join(", ", ClaimRules.PINNING_CLAIMS) + " with an exact value or an owner-qualified glob"
                    + " (e.g. repository = acme/api, or sub = system:serviceaccount:payments:api); without one, any"
                    + " repository or workload of the issuer could log in");
        }
        trust.permissions = ApiKeyService.KEY_PERMISSIONS.stream().filter(trust.permissions::contains).toList();
        if (trust.permissions.isEmpty()) {
            throw ServiceException.validation("permissions must list at least one of read, write, admin");
        }
        trust.environments = normaliseEnvironments(trust.environments);
        Duration min = config.workloadTokens().minLifetime();
        Duration max = config.workloadTokens().maxLifetime();
        if (trust.tokenLifetimeSeconds < min.toSeconds() || trust.tokenLifetimeSeconds > max.toSeconds()) {
            throw ServiceException.validation("tokenLifetimeSeconds must be between " + min.toSeconds() + " and "
                    + max.toSeconds() + " (the server's maximum)");
        }
    }

    private static List<String> normaliseEnvironments(List<String> environments) {
        if (environments == null || environments.isEmpty()) {
            throw ServiceException.validation("environments must list environment names, or [\"*\"] for all");
        }
        if (environments.contains("*")) {
            if (environments.size() != 1) {
                throw ServiceException.validation("environments must be either [\"*\"] or a list of environment names, not both");
            }
            return List.of("*");
        }
        return List.copyOf(new LinkedHashSet<>(environments));
    }

    static Map<String, String> details(OidcTrustEntity trust) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("trustId", trust.id);
        details.put("name", trust.name);
        if (trust.preset != null) {
            details.put("preset", trust.preset);
        }
        details.put("issuer", trust.issuer);
        details.put("audience", trust.audience);
        details.put("claims", trust.claims.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(",")));
        details.put("permissions", String.join(",", trust.permissions));
        details.put("environments", String.join(",", trust.environments));
        details.put("tokenLifetimeSeconds", Integer.toString(trust.tokenLifetimeSeconds));
        return details;
    }

    static String subject(OidcTrustEntity trust) {
        return "/projects/" + trust.projectId + "/oidc-trusts/" + trust.id;
    }
}
