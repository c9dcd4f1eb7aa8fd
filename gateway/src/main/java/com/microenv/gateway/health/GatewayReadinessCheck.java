package com.microenv.gateway.health;

import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.events.StreamState;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Ready once the configuration is valid, the routes are up and the credential event stream is live (without it a
 * revoked credential could stay usable on this replica for up to {@code revocation.fallback-max-age}). Upstream
 * reachability is deliberately not part of it: one upstream being down must not take the whole edge out of the load
 * balancer. With {@code revocation.readiness-requires-stream=false} the stream's state is reported but does not make
 * the replica unready.
 */
@Readiness
@ApplicationScoped
public class GatewayReadinessCheck implements HealthCheck {

    private final GatewayConfig config;
    private final StreamState stream;

    public GatewayReadinessCheck(GatewayConfig config, StreamState stream) {
        this.config = config;
        this.stream = stream;
    }

    @Override
    public HealthCheckResponse call() {
        boolean live = stream.live();
        Duration silence = stream.silence();
        return HealthCheckResponse.named("gateway")
                .withData("auth-service", config.authUrl().toString())
                .withData("secrets-service", config.secretsUrl().toString())
                .withData("audit-service", config.auditUrl().toString())
                .withData("credential-stream", live ? "up" : "down")
                .withData("credential-stream-silent-ms", silence == null ? -1 : silence.toMillis())
                .withData("cache-bound-while-down", config.revocation().fallbackMaxAge().toString())
                .status(live || !config.revocation().readinessRequiresStream())
                .build();
    }
}
