package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditTypes;
import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.crypto.InternalClaims;
import com.microenv.auth.crypto.InternalTokenIssuer;
import com.microenv.auth.crypto.InternalTokenIssuer.IssuedToken;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.auth.persistence.MembershipRepository;
import com.microenv.auth.persistence.Role;
import com.microenv.auth.service.KeycloakUserVerifier.KeycloakUser;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

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
 * <p>Failures: a malformed, unknown, revoked or expired credential is a 401 problem; a valid credential
 * without access to the named project is a 403 problem. A mistyped or fabricated API key (bad checksum)
 * and a Keycloak token that does not verify are rejected before any database access. Denials of
 * credentials that were identified (a well-formed key, a verified user) write an {@code access.denied}
 * audit event; successful exchanges are not audited one by one (the gateway exchanges on every cache
 * miss, which would drown the audit log): the actions done with the resulting JWT are audited by the
 * services that perform them.
 */
@ApplicationScoped
public class TokenExchangeService {

    private static final String INVALID_CREDENTIAL = "The credential is not a valid MicroENV credential";

    /** A token and the id of the credential it was exchanged for. */
    public record Exchanged(IssuedToken token, String credentialId) {
    }

    /** The outcome decided inside the transaction: denials commit their audit event before failing. */
    private sealed interface Decision permits Granted, Denied {
    }

    private record Granted(InternalClaims claims) implements Decision {
    }

    private record Denied(ServiceException problem) implements Decision {
    }

    private final ApiKeyRepository apiKeys;
    private final MembershipRepository memberships;
    private final KeycloakUserVerifier keycloak;
    private final InternalTokenIssuer issuer;
    private final AuditOutbox audit;

    public TokenExchangeService(ApiKeyRepository apiKeys, MembershipRepository memberships, KeycloakUserVerifier keycloak,
                                InternalTokenIssuer issuer, AuditOutbox audit) {
        this.apiKeys = apiKeys;
        this.memberships = memberships;
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
            return switch (kind.get()) {
                case API_KEY -> exchangeApiKey(credential, projectId, request);
                case CLI_TOKEN -> Uni.createFrom().failure(ServiceException.unauthorized("CLI tokens are not supported yet"));
            };
        }
        if (looksLikeJwt(credential)) {
            return exchangeUserToken(credential, projectId, request);
        }
        return Uni.createFrom().failure(ServiceException.unauthorized(INVALID_CREDENTIAL));
    }

    private Uni<Exchanged> exchangeApiKey(String key, UUID projectId, RequestContext request) {
        if (!CredentialFormat.isValid(key, CredentialFormat.Kind.API_KEY)) {
            return Uni.createFrom().failure(ServiceException.unauthorized(
                    "The API key is malformed or mistyped (its checksum does not match)"));
        }
        String keyHash = Hashes.sha256Hex(key);
        return Panache.withTransaction(() -> apiKeys.findByHash(keyHash)
                        .chain(entity -> decideForApiKey(entity, projectId, request)))
                .map(this::grantOrFail);
    }

    private Uni<Decision> decideForApiKey(ApiKeyEntity key, UUID projectId, RequestContext request) {
        Instant now = Instant.now();
        if (key == null) {
            return deny(ServiceException.unauthorized(INVALID_CREDENTIAL), "unknown_api_key",
                    null, null, null, InternalClaims.KIND_API_KEY, projectId, request);
        }
        if (key.revokedAt != null) {
            return deny(ServiceException.unauthorized("The API key has been revoked"), "revoked",
                    key.id, key.name, key.id, InternalClaims.KIND_API_KEY, projectId != null ? projectId : key.projectId, request);
        }
        if (!key.isUsableAt(now)) {
            return deny(ServiceException.unauthorized("The API key has expired"), "expired",
                    key.id, key.name, key.id, InternalClaims.KIND_API_KEY, projectId != null ? projectId : key.projectId, request);
        }
        if (projectId != null && !projectId.equals(key.projectId)) {
            return deny(ServiceException.forbidden("The API key does not grant access to project " + projectId), "other_project",
                    key.id, key.name, key.id, InternalClaims.KIND_API_KEY, projectId, request);
        }
        InternalClaims claims = projectId == null
                ? new InternalClaims(key.id, key.id, InternalClaims.KIND_API_KEY, null, List.of(), List.of(), key.name)
                : new InternalClaims(key.id, key.id, InternalClaims.KIND_API_KEY, projectId, key.environments, key.permissions, key.name);
        return apiKeys.touchLastUsed(key.id, now).replaceWith(new Granted(claims));
    }

    private Uni<Exchanged> exchangeUserToken(String token, UUID projectId, RequestContext request) {
        Executor here = currentContextExecutor();
        return keycloak.verify(token)
                .emitOn(here)
                .chain(user -> projectId == null
                        ? Uni.createFrom().item(identityOnly(user))
                        : Panache.withTransaction(() -> memberships.findRole(projectId, user.userId())
                                .chain(role -> decideForMember(user, role, projectId, request))))
                .map(this::grantOrFail);
    }

    private static Decision identityOnly(KeycloakUser user) {
        return new Granted(new InternalClaims(user.userId(), user.credentialId(), InternalClaims.KIND_USER, null,
                List.of(), List.of(), user.displayName()));
    }

    private Uni<Decision> decideForMember(KeycloakUser user, Optional<Role> role, UUID projectId, RequestContext request) {
        if (role.isEmpty()) {
            return deny(ServiceException.forbidden("The user is not a member of project " + projectId), "not_a_member",
                    user.userId(), user.displayName(), user.credentialId(), InternalClaims.KIND_USER, projectId, request);
        }
        return Uni.createFrom().item(new Granted(new InternalClaims(user.userId(), user.credentialId(), InternalClaims.KIND_USER,
                projectId, List.of("*"), role.get().permissions(), user.displayName())));
    }

    private Uni<Decision> deny(ServiceException problem, String reason, String actor, String actorName, String credentialId,
                               String credentialKind, UUID projectId, RequestContext request) {
        String project = projectId == null ? null : projectId.toString();
        AuditData data = new AuditData(actor, actorName, credentialId, credentialKind, project, null, "token.exchange",
                AuditData.DENIED, request.requestId(), request.clientIp(), request.userAgent(), null, Map.of("reason", reason));
        String subject = project == null ? "/token-exchange" : "/projects/" + project;
        return audit.append(AuditTypes.ACCESS_DENIED, subject, data).replaceWith(new Denied(problem));
    }

    private Exchanged grantOrFail(Decision decision) {
        if (decision instanceof Denied denied) {
            throw denied.problem();
        }
        InternalClaims claims = ((Granted) decision).claims();
        return new Exchanged(issuer.issue(claims), claims.credentialId());
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
