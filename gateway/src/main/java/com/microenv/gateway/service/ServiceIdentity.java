package com.microenv.gateway.service;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * The gateway's own identity towards auth-service's internal endpoints: a Keycloak client-credentials token of client
 * {@code microenv-gateway}. Fetched on first use (so the gateway starts while Keycloak is down), reused until shortly
 * before it expires; concurrent callers share one fetch.
 */
@ApplicationScoped
public class ServiceIdentity {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);
    private static final Duration ASSUMED_LIFETIME = Duration.ofSeconds(60);

    private final OidcClient oidcClient;
    private volatile CurrentToken current;
    private Uni<CurrentToken> inFlight;

    public ServiceIdentity(OidcClient oidcClient) {
        this.oidcClient = oidcClient;
    }

    /** A valid access token of the gateway's service account. */
    public Uni<String> accessToken() {
        CurrentToken token = current;
        if (token != null && Instant.now().isBefore(token.renewAt())) {
            return Uni.createFrom().item(token.accessToken());
        }
        return fetch().map(CurrentToken::accessToken);
    }

    private synchronized Uni<CurrentToken> fetch() {
        if (inFlight == null) {
            inFlight = oidcClient.getTokens()
                    .map(ServiceIdentity::toCurrent)
                    .onItem().invoke(fresh -> current = fresh)
                    .onTermination().invoke(this::fetchDone)
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized void fetchDone() {
        inFlight = null;
    }

    private static CurrentToken toCurrent(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        Instant renewAt = expiresAt != null
                ? Instant.ofEpochSecond(expiresAt).minus(RENEW_BEFORE_EXPIRY)
                : Instant.now().plus(ASSUMED_LIFETIME);
        return new CurrentToken(tokens.getAccessToken(), renewAt);
    }

    private record CurrentToken(String accessToken, Instant renewAt) {
        @Override
        public String toString() {
            return "CurrentToken[renewAt=" + renewAt + "]";
        }
    }
}
