package com.microenv.gateway.service;

import com.microenv.gateway.credentials.Credential;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The internal JWT a request is forwarded with: from the cache, or exchanged at auth-service on a miss. */
@ApplicationScoped
public class InternalTokenService {

    private final TokenCache cache;
    private final AuthServiceClient authService;

    public InternalTokenService(TokenCache cache, AuthServiceClient authService) {
        this.cache = cache;
        this.authService = authService;
    }

    /** The internal JWT for {@code credential}, scoped to {@code projectId} when the request names a project. */
    public Uni<ExchangedToken> tokenFor(Credential credential, Optional<String> projectId, String clientIp, String requestId) {
        return cache.get(credential, projectId, () -> authService.exchange(credential, projectId, clientIp, requestId));
    }
}
