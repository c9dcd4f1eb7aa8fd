package com.microenv.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.Map;

/** Refuses to start with an upstream URL the proxy cannot use, instead of failing on the first request. */
@ApplicationScoped
public class UpstreamUrlCheck {

    void onStart(@Observes StartupEvent started, GatewayConfig config) {
        Map.of("microenv.gateway.auth-url", config.authUrl(),
                "microenv.gateway.secrets-url", config.secretsUrl(),
                "microenv.gateway.audit-url", config.auditUrl()).forEach(UpstreamUrlCheck::check);
    }

    static void check(String property, URI url) {
        boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!http || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalStateException(property + " must be an absolute http(s) URL without query or fragment, was '"
                    + url + "'");
        }
    }
}
