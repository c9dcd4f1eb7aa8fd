package com.microenv.auth.service;

import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.events.CredentialEvent;
import com.microenv.auth.persistence.CliTokenEntity;
import com.microenv.auth.persistence.CliTokenRepository;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** A user's CLI tokens: issued by the device flow, listed and revoked by their owner. */
@ApplicationScoped
public class CliTokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token just issued: the row, and the token string handed over this once. */
    public record IssuedCliToken(CliTokenEntity entity, String token) {
        @Override
        public String toString() {
            return "IssuedCliToken[id=" + entity.id + "]";
        }
    }

    private final CliTokenRepository tokens;
    private final AuditOutbox audit;

    public CliTokenService(CliTokenRepository tokens, AuditOutbox audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    /** Creates a token for {@code userId}; runs inside the caller's transaction. */
    public Uni<IssuedCliToken> issue(String userId, String clientName, String clientIp, Duration lifetime) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String token = CredentialFormat.newCredential(CredentialFormat.Kind.CLI_TOKEN, RANDOM);
        CliTokenEntity entity = new CliTokenEntity();
        entity.id = "ct_" + CredentialFormat.randomBase62(20, RANDOM);
        entity.userId = userId;
        entity.tokenHash = Hashes.sha256Hex(token);
        entity.prefix = CredentialFormat.displayPrefix(token);
        entity.suffix = CredentialFormat.displaySuffix(token);
        entity.clientName = clientName;
        entity.createdIp = clientIp;
        entity.createdAt = now;
        entity.expiresAt = now.plus(lifetime);
        return tokens.persist(entity).replaceWith(new IssuedCliToken(entity, token));
    }

    @WithSession
    public Uni<List<CliTokenEntity>> list(Caller caller) {
        caller.requirePerson("Listing CLI tokens");
        return tokens.listActive(caller.subject(), Instant.now());
    }

    /** Revokes one of the caller's tokens. */
    @WithTransaction
    public Uni<CliTokenEntity> revoke(Caller caller, String tokenId, RequestContext context) {
        caller.requirePerson("Revoking a CLI token");
        return tokens.findById(tokenId == null ? "" : tokenId).chain(token -> {
            if (token == null || !token.userId.equals(caller.subject())) {
                throw ServiceException.notFound("No CLI token with id '" + RequestText.safe(tokenId) + "' of yours");
            }
            return revoke(caller, List.of(token), CredentialEvent.REASON_REVOKED, context).replaceWith(token);
        });
    }

    /** Revokes every active token of the caller; how many. */
    @WithTransaction
    public Uni<Integer> revokeAll(Caller caller, RequestContext context) {
        caller.requirePerson("Revoking CLI tokens");
        return tokens.listActive(caller.subject(), Instant.now())
                .chain(active -> revoke(caller, active, CredentialEvent.REASON_REVOKED, context).replaceWith(active.size()));
    }

    /** Revokes the CLI token the request was made with. */
    @WithTransaction
    public Uni<Void> logout(Caller caller, RequestContext context) {
        if (!caller.isCliToken()) {
            throw ServiceException.validation("Logout revokes the CLI token it is called with; this credential is a "
                    + caller.credentialKind().replace('_', ' '));
        }
        return tokens.findById(caller.credentialId())
                .chain(token -> token == null ? Uni.createFrom().voidItem()
                        : revoke(caller, List.of(token), CredentialEvent.REASON_LOGOUT, context));
    }

    private Uni<Void> revoke(Caller caller, List<CliTokenEntity> list, String reason, RequestContext context) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<CliTokenEntity> active = list.stream().filter(t -> t.revokedAt == null).toList();
        if (active.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CliTokenEntity token : active) {
            token.revokedAt = now;
            chain = chain.chain(() -> audit.append(Audits.CLITOKEN_REVOKED, "/users/" + token.userId + "/cli-tokens/" + token.id,
                    Audits.success(caller, null, "clitoken.revoked", context,
                            Map.of("tokenId", token.id, "reason", reason,
                                    "clientName", token.clientName == null ? "" : token.clientName)))).replaceWithVoid();
        }
        List<String> ids = active.stream().map(t -> t.id).toList();
        return chain.chain(() -> audit.appendCredential(CredentialEvent.revoked(ids, null, caller.subject(), reason)))
                .replaceWithVoid();
    }
}
