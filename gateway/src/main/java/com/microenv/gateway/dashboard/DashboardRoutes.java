package com.microenv.gateway.dashboard;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * Edge rules of the dashboard's paths ({@code /}, {@code /app/**}, {@code /device}, {@code /static/**}): a strict
 * Content-Security-Policy (scripts and styles only from the gateway itself, no inline script), no framing, no
 * referrer, no caching of pages (they can show a secret value or a new API key), and {@code /} leading to the app.
 */
@ApplicationScoped
public class DashboardRoutes {

    /** Right after the gateway's own edge headers (order -5). */
    static final int ORDER = -5;

    private final String csp;

    public DashboardRoutes(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        URI keycloak = URI.create(authServerUrl);
        String keycloakOrigin = keycloak.getScheme() + "://" + keycloak.getAuthority();
        // form-action: the logout form's answer redirects to Keycloak's end-session endpoint.
        this.csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self' " + keycloakOrigin + "; frame-ancestors 'none'; base-uri 'none'";
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::headers);
        router.get("/").order(ORDER + 1).handler(ctx -> ctx.response().setStatusCode(302).putHeader("Location", "/app").end());
    }

    static boolean dashboardPath(String path) {
        return path.equals("/") || path.equals("/app") || path.startsWith("/app/") || path.equals("/device")
                || path.startsWith("/device/") || path.startsWith("/static/");
    }

    private void headers(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && dashboardPath(path)) {
            boolean asset = path.startsWith("/static/");
            ctx.addHeadersEndHandler(ignored -> {
                MultiMap headers = ctx.response().headers();
                headers.set("Content-Security-Policy", csp);
                headers.set("X-Frame-Options", "DENY");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("Cross-Origin-Opener-Policy", "same-origin");
                headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
                if (!asset) {
                    headers.set("Cache-Control", "no-store");
                }
            });
        }
        ctx.next();
    }
}
