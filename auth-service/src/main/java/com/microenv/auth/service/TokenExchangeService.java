package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.crypto.InternalClaims;
import com.microenv.auth.crypto.InternalTokenIssuer;
import com.microenv.auth.crypto.InternalTokenIssuer.IssuedToken;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.auth.persistence.CliTokenEntity;
import com.microenv.auth.persistence.CliTokenRepository;
import com.microenv.auth.persistence.MembershipRepository;
import com.microenv.auth.persistence.ProjectRepository;
import com.microenv.auth.persistence.Role;
import com.microenv.auth.persistence.OidcTrustRepository;
import com.microenv.auth.persistence.UserRepository;
import com.microenv.auth.persistence.WorkloadTokenEntity;
import com.microenv.auth.persistence.WorkloadTokenRepository;
import com.microenv.auth.service.KeycloakUserVerifier.KeycloakUser;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The token exchange: turns a client credential (API key, CLI token, Keycloak user access token) and an
 * optional target project into a short-lived internal JWT.
 *
 * <p>Failures: a malformed or unknown credential is a 401 problem with one generic detail (no oracle: a
 * random string and a well-formed unknown key get the same answer); a credential that was once valid but is
 * expired, revoked or rotated out is a 401 that says which; a valid credential without access to the named
 * project, or used from outside its CIDRs, is a 403 problem. A mistyped or fabricated API key (bad checksum)
 * and a Keycloak token that does not verify are rejected before any database access. Denials of credentials
 * that were identified write an {@code access.denied} audit event (with the reason, never the credential);
 * successful exchanges are not audited one by one (the gateway exchanges on every cache miss): the actions
 * done with the resulting JWT are audited by the services that perform them.
 */
@ApplicationScoped
public class TokenExchangeService {

    static final String INVALID_CREDENTIAL = "The credential is not a valid MicroENV credential";

    /** A token, the credential it was exchanged for, the JWT's subject, and the key's CIDRs (null when unrestricted). */
    public record Exchanged(IssuedToken token, String credentialId, String subject, List<String> allowedCidrs) {
    }

    /** The outcome decided inside the transaction: denials commit their audit event before failing. */
    private sealed interface Decision permits Granted, Denied {
    }

    private record Granted(InternalClaims claims, List<String> allowedCidrs, Duration maxLifetime) implements Decision {
        Granted(InternalClaims claims, List<String> allowedCidrs) {
            this(claims, allowedCidrs, null);
        }
    }

    private record Denied(ServiceException problem) implements Decision {
    }

    private final ApiKeyRepository apiKeys;
    private final CliTokenRepository cliTokens;
    private final MembershipRepository memberships;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final WorkloadTokenRepository workloadTokens;
    private final OidcTrustRepository trusts;
    private final UserService userService;
    private final KeycloakUserVerifier keycloak;
    private final InternalTokenIssuer issuer;
    private final AuditOutbox audit;

    public TokenExchangeService(ApiKeyRepository apiKeys, CliTokenRepository cliTokens, MembershipRepository memberships,
                                ProjectRepository projects, UserRepository users, UserService userService,
                                KeycloakUserVerifier keycloak, InternalTokenIssuer issuer, AuditOutbox audit,
                                WorkloadTokenRepository workloadTokens, OidcTrustRepository trusts) {
        this.workloadTokens = workloadTokens;
        this.trusts = trusts;
        this.apiKeys = apiKeys;
        this.cliTokens = cliTokens;
        this.memberships = memberships;
        this.projects = projects;
        this.users = users;
        this.userService = userService;
        this.keycloak = keycloak;
        this.issuer = issuer;
        this.audit = audit;
    }

    /**
     * @param credential    the client's credential (never logged)
     * @param projectIdText the target project, or null for an identity-only token
     */
    public Uni<Exchanged> exchange(String credential, String projectIdText, RequestContext request) {
        UUID projectId = null;
        if (projectIdText != null) {
            projectId = ProjectIds.parse(projectIdText)
                    .orElseThrow(() -> ServiceException.validation("projectId must be a project id (a UUID)"));
        }
        Optional<CredentialFormat.Kind> kind = CredentialFormat.claimedKind(credential);
        if (kind.isPresent()) {
            if (!CredentialFormat.isValid(credential, kind.get())) {
                // The checksum is public arithmetic: saying it failed reveals nothing about which keys exist.
                return Uni.createFrom().failure(ServiceException.unauthorized("The "
                        + switch (kind.get()) {
                            case API_KEY -> "API key";
                            case CLI_TOKEN -> "CLI token";
                            case WORKLOAD_TOKEN -> "workload token";
                        }
                        + " is malformed or mistyped (its checksum does not match)"));
            }
            UUID project = projectId;
            String hash = Hashes.sha256Hex(credential);
            return switch (kind.get()) {
                case API_KEY -> Panache.withTransaction(() -> apiKeys.findByHash(hash)
                        .chain(entity -> decideForApiKey(entity, project, request))).map(this::grantOrFail);
                case CLI_TOKEN -> Panache.withTransaction(() -> cliTokens.findByHash(hash)
                        .chain(entity -> decideForCliToken(entity, project, request))).map(this::grantOrFail);
                case WORKLOAD_TOKEN -> Panache.withTransaction(() -> workloadTokens.findByHash(hash)
                        .chain(entity -> decideForWorkloadToken(entity, project, request))).map(this::grantOrFail);
            };
        }
        if (looksLikeJwt(credential)) {
            return exchangeUserToken(credential, projectId, request);
        }
        return Uni.createFrom().failure(ServiceException.unauthorized(INVALID_CREDENTIAL));
    }

    private Uni<Decision> decideForApiKey(ApiKeyEntity key, UUID projectId, RequestContext request) {
        Instant now = Instant.now();
        if (key == null) {
            return Uni.createFrom().item(new Denied(ServiceException.unauthorized(INVALID_CREDENTIAL)));
        }
        UUID auditProject = projectId != null ? projectId : key.projectId;
        if (key.revokedAt != null) {
            return denyKey(key, "The API key has been revoked", "revoked", auditProject, request);
        }
        if (key.isRotatedOutAt(now)) {
            return denyKey(key, "The API key was rotated out: it has been replaced by a newer key and its grace period has ended",
                    "rotated_out", auditProject, request);
        }
        if (key.isExpiredAt(now)) {
            return denyKey(key, "The API key has expired", "expired", auditProject, request);
        }
        if (projectId != null && !projectId.equals(key.projectId)) {
            return deny(ServiceException.forbidden("The API key does not grant access to project " + projectId), "other_project",
                    key.id, key.name, key.id, InternalClaims.KIND_API_KEY, projectId, request);
        }
        if (key.hasCidrs() && !Cidrs.allows(key.allowedCidrs, request.clientIp())) {
            String ip = request.clientIp() == null ? "unknown" : request.clientIp();
            return deny(ServiceException.forbidden("The client IP " + ip + " is not allowed for this API key"), "cidr",
                    key.id, key.name, key.id, InternalClaims.KIND_API_KEY, auditProject, request);
        }
        InternalClaims claims = projectId == null
                ? new InternalClaims(key.id, key.id, InternalClaims.KIND_API_KEY, null, List.of(), List.of(), key.name)
                : new InternalClaims(key.id, key.id, InternalClaims.KIND_API_KEY, projectId, key.environments, key.permissions, key.name);
        return projects.findById(key.projectId).chain(project -> project == null
                ? Uni.createFrom().item(new Denied(ServiceException.unauthorized(INVALID_CREDENTIAL)))
                : apiKeys.touchLastUsed(key.id, now, request.clientIp())
                        .replaceWith(new Granted(claims, key.hasCidrs() ? List.copyOf(key.allowedCidrs) : null)));
    }

    private Uni<Decision> denyKey(ApiKeyEntity key, String detail, String reason, UUID projectId, RequestContext request) {
        return deny(ServiceException.unauthorized(detail), reason, key.id, key.name, key.id, InternalClaims.KIND_API_KEY,
                projectId, request);
    }

    private Uni<Decision> decideForCliToken(CliTokenEntity token, UUID projectId, RequestContext request) {
        Instant now = Instant.now();
        if (token == null) {
            return Uni.createFrom().item(new Denied(ServiceException.unauthorized(INVALID_CREDENTIAL)));
        }
        return users.findById(token.userId).chain(user -> {
            String actorName = user == null ? token.userId : user.displayName();
            if (token.revokedAt != null) {
                return deny(ServiceException.unauthorized("The CLI token has been revoked (logged out or revoked); run microenv login"),
                        "revoked", token.userId, actorName, token.id, InternalClaims.KIND_CLI_TOKEN, projectId, request);
            }
            if (token.isExpiredAt(now)) {
                return deny(ServiceException.unauthorized("The CLI token has expired; run microenv login"),
                        "expired", token.userId, actorName, token.id, InternalClaims.KIND_CLI_TOKEN, projectId, request);
            }
            Uni<Void> touch = cliTokens.touchLastUsed(token.id, now, request.clientIp()).replaceWithVoid();
            // The platform roles auth-service last saw in the user's Keycloak token.
            List<String> groups = user == null ? List.of() : user.platformRoles;
            if (projectId == null) {
                return touch.replaceWith(new Granted(new InternalClaims(token.userId, token.id, InternalClaims.KIND_CLI_TOKEN,
                        null, List.of(), List.of(), actorName, groups), null));
            }
            return memberships.findRole(projectId, token.userId).chain(role -> role.isEmpty()
                    ? deny(ServiceException.forbidden("The user is not a member of project " + projectId), "not_a_member",
                    token.userId, actorName, token.id, InternalClaims.KIND_CLI_TOKEN, projectId, request)
                    : touch.replaceWith(new Granted(new InternalClaims(token.userId, token.id, InternalClaims.KIND_CLI_TOKEN,
                    projectId, List.of("*"), role.get().permissions(), actorName, groups), null)));
        });
    }

    /**
     * A workload token: the trust's scope as it was at login, on the trust's project only, while the token lives,
     * its trust exists and the trust's creator may still grant its permissions; the JWT never outlives the token.
     */
    private Uni<Decision> decideForWorkloadToken(WorkloadTokenEntity token, UUID projectId, RequestContext request) {
        Instant now = Instant.now();
        if (token == null) {
            return Uni.createFrom().item(new Denied(ServiceException.unauthorized(INVALID_CREDENTIAL)));
        }
        return trusts.findById(token.trustId).chain(trust -> {
            String actorName = trust == null ? token.trustId : trust.name;
            UUID auditProject = projectId != null ? projectId : token.projectId;
            if (token.revokedAt != null || trust == null || trust.isDeleted()) {
                return deny(ServiceException.unauthorized("The workload token has been revoked (its trust was changed or deleted)"),
                        "revoked", token.trustId, actorName, token.id, InternalClaims.KIND_WORKLOAD, auditProject, request);
            }
            Duration rest = Duration.between(now, token.expiresAt);
            if (token.isExpiredAt(now) || rest.toSeconds() < 1) {
                return deny(ServiceException.unauthorized("The workload token has expired; log in again with a fresh identity token"),
                        "expired", token.trustId, actorName, token.id, InternalClaims.KIND_WORKLOAD, auditProject, request);
            }
            if (projectId != null && !projectId.equals(token.projectId)) {
                return deny(ServiceException.forbidden("The workload token does not grant access to project " + projectId),
                        "other_project", token.trustId, actorName, token.id, InternalClaims.KIND_WORKLOAD, projectId, request);
            }
            return memberships.findRole(token.projectId, trust.createdBy).chain(role -> {
                if (role.isEmpty() || !role.get().permissions().containsAll(token.permissions)) {
                    return deny(ServiceException.forbidden("The trust's creator may no longer grant this workload token's permissions"),
                            "creator_lacks_permissions", token.trustId, actorName, token.id, InternalClaims.KIND_WORKLOAD,
                            auditProject, request);
                }
                InternalClaims claims = projectId == null
                        ? new InternalClaims(trust.id, token.id, InternalClaims.KIND_WORKLOAD, null, List.of(), List.of(), actorName)
                        : new InternalClaims(trust.id, token.id, InternalClaims.KIND_WORKLOAD, projectId, token.environments,
                        token.permissions, actorName);
                return Uni.createFrom().item(new Granted(claims, null, rest));
            });
        });
    }

    private Uni<Exchanged> exchangeUserToken(String token, UUID projectId, RequestContext request) {
        Executor here = currentContextExecutor();
        return keycloak.verify(token)
                .emitOn(here)
                .chain(user -> Panache.withTransaction(() -> userService.signedIn(user, request)
                        .chain(() -> projectId == null
                                ? Uni.createFrom().item(identityOnly(user))
                                : memberships.findRole(projectId, user.userId())
                                        .chain(role -> decideForMember(user, role, projectId, request)))))
                .map(this::grantOrFail);
    }

    private static Decision identityOnly(KeycloakUser user) {
        return new Granted(new InternalClaims(user.userId(), user.credentialId(), InternalClaims.KIND_USER, null,
                List.of(), List.of(), user.displayName(), user.platformRoles()), null);
    }

    private Uni<Decision> decideForMember(KeycloakUser user, Optional<Role> role, UUID projectId, RequestContext request) {
        if (role.isEmpty()) {
            return deny(ServiceException.forbidden("The user is not a member of project " + projectId), "not_a_member",
                    user.userId(), user.displayName(), user.credentialId(), InternalClaims.KIND_USER, projectId, request);
        }
        return Uni.createFrom().item(new Granted(new InternalClaims(user.userId(), user.credentialId(), InternalClaims.KIND_USER,
                projectId, List.of("*"), role.get().permissions(), user.displayName(), user.platformRoles()), null));
    }

    private Uni<Decision> deny(ServiceException problem, String reason, String actor, String actorName, String credentialId,
                               String credentialKind, UUID projectId, RequestContext request) {
        String project = projectId == null ? null : projectId.toString();
        AuditData data = new AuditData(actor, actorName, credentialId, credentialKind, project, null, "token.exchange",
                AuditData.DENIED, request.requestId(), request.clientIp(), request.userAgent(), null, Map.of("reason", reason));
        String subject = project == null ? "/token-exchange" : "/projects/" + project;
        return audit.append(Audits.ACCESS_DENIED, subject, data).replaceWith(new Denied(problem));
    }

    private Exchanged grantOrFail(Decision decision) {
        if (decision instanceof Denied denied) {
            throw denied.problem();
        }
        Granted granted = (Granted) decision;
        InternalClaims claims = granted.claims();
        IssuedToken token = granted.maxLifetime() == null ? issuer.issue(claims) : issuer.issue(claims, granted.maxLifetime());
        return new Exchanged(token, claims.credentialId(), claims.subject(), granted.allowedCidrs());
    }

    /** Three base64url segments: the shape of a JWS; anything else cannot be a Keycloak token. */
    private static boolean looksLikeJwt(String credential) {
        return credential.length() < 16_384 && credential.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    /**
     * Continues on the request's Vert.x context after the OIDC verification, which may complete elsewhere;
     * Hibernate Reactive must run on the request's context.
     */
    private static Executor currentContextExecutor() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }
}
