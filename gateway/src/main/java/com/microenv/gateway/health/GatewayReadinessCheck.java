package com.microenv.gateway.health;

import com.microenv.gateway.config.GatewayConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready once the configuration is valid and the routes are up. Upstream reachability is deliberately not part of it:
 * one upstream being down must not take the whole edge out of the load balancer.
 */
@Readiness
@ApplicationScoped
public class GatewayReadinessCheck implements HealthCheck {

    private final GatewayConfig config;

    public GatewayReadinessCheck(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway")
                .withData("auth-service", config.authUrl().toString())
                .withData("secrets-service", config.secretsUrl().toString())
                .withData("audit-service", config.auditUrl().toString())
                .up()
                .build();
    }
}
