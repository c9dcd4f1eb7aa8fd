package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.crypto.InternalClaims;
import com.microenv.auth.crypto.OutsideTokenVerifier;
import com.microenv.auth.crypto.OutsideTokenVerifier.Accepted;
import com.microenv.auth.crypto.OutsideTokenVerifier.Refused;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.persistence.MembershipRepository;
import com.microenv.auth.persistence.OidcRefusalEntity;
import com.microenv.auth.persistence.OidcRefusalRepository;
import com.microenv.auth.persistence.OidcTrustEntity;
import com.microenv.auth.persistence.OidcTrustRepository;
import com.microenv.auth.persistence.WorkloadTokenEntity;
import com.microenv.auth.persistence.WorkloadTokenRepository;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/auth/oidc/login}: a pipeline or pod trades its identity provider's JWT for a short-lived
 * workload token ({@code menv_wt_}), scoped as the trust says.
 *
 * <p>The checks, in order: the trust exists and is not deleted; the token's shape, issuer, signature, expiry,
 * not-before and audience ({@link OutsideTokenVerifier}); every claim rule ({@link ClaimRules}); the token's
 * {@code jti} not used before (kept until the token could not be accepted anyway); the trust's creator still
 * allowed to grant its permissions. Any refusal answers the same 401 ("not accepted"); the failed rule goes to the
 * {@code oidc.login_refused} audit event and the trust's refusals list (never the token), committed before the answer.
 */
@ApplicationScoped
public class OidcLoginService {

    public static final String NOT_ACCEPTED = "The identity token was not accepted by this trust";

    private static final Logger LOG = Logger.getLogger(OidcLoginService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A login's workload token: the row, and the token string shown this once. */
    public record Login(WorkloadTokenEntity entity, String token, OidcTrustEntity trust) {
        @Override
        public String toString() {
            return "Login[tokenId=" + entity.id + "]";
        }
    }

    private sealed interface Decision permits Issued, Denied {
    }

    private record Issued(Login login) implements Decision {
    }

    private record Denied() implements Decision {
    }

    private final OidcTrustRepository trusts;
    private final WorkloadTokenRepository tokens;
    private final OidcRefusalRepository refusals;
    private final MembershipRepository memberships;
    private final OutsideTokenVerifier verifier;
    private final AuditOutbox audit;
    private final AuthConfig config;

    public OidcLoginService(OidcTrustRepository trusts, WorkloadTokenRepository tokens, OidcRefusalRepository refusals,
                            MembershipRepository memberships, OutsideTokenVerifier verifier, AuditOutbox audit, AuthConfig config) {
        this.trusts = trusts;
        this.tokens = tokens;
        this.refusals = refusals;
        this.memberships = memberships;
        this.verifier = verifier;
        this.audit = audit;
        this.config = config;
    }

    /**
     * @param trustId the trust named by the caller
     * @param token   the outside JWT (never logged, stored or audited)
     */
    public Uni<Login> login(String trustId, String token, RequestContext request) {
        Executor here = currentContextExecutor();
        return Panache.withSession(() -> trusts.findById(trustId)).chain(trust -> {
            if (trust == null) {
                // No project to file it in: nothing to audit (the gateway rate-limits this endpoint per client IP).
                LOG.debugf("OIDC login against unknown trust %s", RequestText.safe(trustId));
                return Uni.createFrom().failure(ServiceException.unauthorized(NOT_ACCEPTED));
            }
            if (trust.isDeleted()) {
                return refuse(trust, "trust_deleted", "the trust was deleted at " + trust.deletedAt, null, request)
                        .map(OidcLoginService::issuedOrFail);
            }
            return Uni.createFrom().item(() -> verifier.verify(trust.issuer, trust.audience, token))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(here)
                    .<Decision>chain(outcome -> outcome instanceof Refused refused
                            ? refuse(trust, refused.reason(), refused.detail(), null, request)
                            : Panache.withTransaction(() -> accept(trust, ((Accepted) outcome).claims(), request)))
                    .map(OidcLoginService::issuedOrFail);
        });
    }

    private Uni<Decision> accept(OidcTrustEntity trust, JwtClaims claims, RequestContext request) {
        String subject = stringClaim(claims, "sub");
        Optional<ClaimRules.Mismatch> mismatch = ClaimRules.firstMismatch(trust.claims, claims);
        if (mismatch.isPresent()) {
            return refuseInTransaction(trust, mismatch.get().reason(), mismatch.get().detail(), subject, request);
        }
        String jti = stringClaim(claims, "jti");
        Uni<Boolean> firstUse = jti == null ? Uni.createFrom().item(true) : recordJti(trust.issuer, jti, expiry(claims));
        return firstUse.chain(first -> {
            if (!first) {
                return refuseInTransaction(trust, "replayed", "the token's jti '" + RequestText.cut(jti, 100)
                        + "' was already used for a login; each login needs a fresh identity token", subject, request);
            }
            return memberships.findRole(trust.projectId, trust.createdBy).chain(role -> {
                if (role.isEmpty() || !role.get().permissions().containsAll(trust.permissions)) {
                    return refuseInTransaction(trust, "creator_lacks_permissions", "the trust's creator " + trust.createdBy
                            + (role.isEmpty() ? " is no longer a member" : " (now " + role.get() + ") may no longer grant "
                            + String.join(",", trust.permissions)) + "; a project admin must register the trust again",
                            subject, request);
                }
                return issue(trust, subject, request);
            });
        });
    }

    private Uni<Decision> issue(OidcTrustEntity trust, String subject, RequestContext request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long lifetime = Math.min(trust.tokenLifetimeSeconds, config.workloadTokens().maxLifetime().toSeconds());
        String token = CredentialFormat.newCredential(CredentialFormat.Kind.WORKLOAD_TOKEN, RANDOM);
        WorkloadTokenEntity entity = new WorkloadTokenEntity();
        entity.id = "wt_" + CredentialFormat.randomBase62(20, RANDOM);
        entity.trustId = trust.id;
        entity.projectId = trust.projectId;
        entity.tokenHash = Hashes.sha256Hex(token);
        entity.prefix = CredentialFormat.displayPrefix(token);
        entity.suffix = CredentialFormat.displaySuffix(token);
        entity.permissions = List.copyOf(trust.permissions);
        entity.environments = List.copyOf(trust.environments);
        entity.subject = subject == null ? null : RequestText.cut(subject, 512);
        entity.createdIp = request.clientIp();
        entity.createdAt = now;
        entity.expiresAt = now.plus(Duration.ofSeconds(lifetime));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("trustId", trust.id);
        details.put("tokenId", entity.id);
        details.put("issuer", trust.issuer);
        if (entity.subject != null) {
            details.put("subject", entity.subject);
        }
        details.put("permissions", String.join(",", entity.permissions));
        details.put("environments", String.join(",", entity.environments));
        details.put("expiresAt", entity.expiresAt.toString());
        return tokens.persist(entity)
                .chain(() -> audit.append(Audits.OIDC_LOGIN_COMPLETED, OidcTrustService.subject(trust),
                        data(trust, entity.id, AuditData.SUCCESS, request, details)))
                .replaceWith(new Issued(new Login(entity, token, trust)));
    }

    private Uni<Decision> refuse(OidcTrustEntity trust, String reason, String detail, String subject, RequestContext request) {
        return Panache.withTransaction(() -> refuseInTransaction(trust, reason, detail, subject, request));
    }

    /** Records the refusal (list row and audit event) in the current transaction. */
    private Uni<Decision> refuseInTransaction(OidcTrustEntity trust, String reason, String detail, String subject,
                                              RequestContext request) {
        OidcRefusalEntity row = new OidcRefusalEntity();
        row.trustId = trust.id;
        row.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.reason = reason;
        row.detail = RequestText.cut(detail, 1024);
        row.clientIp = request.clientIp();
        row.requestId = request.requestId() == null ? null : RequestText.cut(request.requestId(), 128);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("trustId", trust.id);
        details.put("reason", reason);
        details.put("detail", row.detail);
        if (subject != null) {
            details.put("subject", RequestText.cut(subject, 512));
        }
        return refusals.persist(row)
                .chain(() -> audit.append(Audits.OIDC_LOGIN_REFUSED, OidcTrustService.subject(trust),
                        data(trust, null, AuditData.DENIED, request, details)))
                .replaceWith(new Denied());
    }

    private static AuditData data(OidcTrustEntity trust, String tokenId, String outcome, RequestContext request,
                                  Map<String, String> details) {
        String action = AuditData.SUCCESS.equals(outcome) ? "oidc.login_completed" : "oidc.login_refused";
        return new AuditData(trust.id, trust.name, tokenId, InternalClaims.KIND_WORKLOAD, trust.projectId.toString(), null,
                action, outcome, request.requestId(), request.clientIp(), request.userAgent(), null, details);
    }

    /** Inserts (issuer, jti); false when it was there already (a replay). */
    private Uni<Boolean> recordJti(String issuer, String jti, Instant keepUntil) {
        OffsetDateTime until = OffsetDateTime.ofInstant(keepUntil, ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into oidc_seen_jti (issuer, jti, expires_at) values (:issuer, :jti, :until) on conflict do nothing")
                .setParameter("issuer", issuer)
                .setParameter("jti", RequestText.cut(jti, 512))
                .setParameter("until", until)
                .executeUpdate()).map(inserted -> inserted == 1);
    }

    /** How long a jti is remembered: until the token expires, plus the skew (after that it is refused as expired). */
    private Instant expiry(JwtClaims claims) {
        Instant fallback = Instant.now().plus(Duration.ofHours(24));
        try {
            NumericDate exp = claims.getExpirationTime();
            Instant until = exp == null ? fallback : Instant.ofEpochSecond(exp.getValue()).plus(config.oidc().clockSkew());
            return until.isAfter(fallback) ? fallback : until;
        } catch (MalformedClaimException e) {
            return fallback;
        }
    }

    private static String stringClaim(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        return value instanceof String text ? text : null;
    }

    private static Login issuedOrFail(Decision decision) {
        if (decision instanceof Issued issued) {
            return issued.login();
        }
        throw ServiceException.unauthorized(NOT_ACCEPTED);
    }

    /** The request's Vert.x context: Hibernate Reactive must continue there after the blocking verification. */
    private static Executor currentContextExecutor() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }
}
