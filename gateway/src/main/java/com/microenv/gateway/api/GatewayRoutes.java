package com.microenv.gateway.api;

import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import com.microenv.gateway.credentials.CredentialParser;
import com.microenv.gateway.proxy.ProxyTarget;
import com.microenv.gateway.proxy.ReverseProxy;
import com.microenv.gateway.proxy.RouteTable;
import com.microenv.gateway.service.GatewayMetrics;
import com.microenv.gateway.service.InternalTokenService;
import com.microenv.gateway.service.LockoutRegistry;
import com.microenv.gateway.service.RateLimiter;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/**
 * The gateway's routes on Quarkus' Vert.x router: every response gets the request id and the security headers;
 * {@code /v1/**} is checked (IP lock-out, credential format, rate limit), exchanged and proxied;
 * {@code /internal/**} and anything unknown is a 404 problem; oversized declared bodies are a 413 problem.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** First of all: request id and security headers for every response, including Quarkus' own endpoints. */
    static final int EDGE_ORDER = -5;
    /** CORS preflights are answered before any credential check. */
    static final int CORS_ORDER = -4;
    /** Just before Quarkus' own body-size check (order -2), so that over-limit requests still get a problem document. */
    static final int BODY_LIMIT_ORDER = -3;

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    private static final String HSTS = "max-age=31536000; includeSubDomains";

    private final InternalTokenService tokens;
    private final ReverseProxy proxy;
    private final ProblemResponder problems;
    private final ClientIps clientIps;
    private final LockoutRegistry lockouts;
    private final RateLimiter rateLimiter;
    private final GatewayMetrics metrics;
    private final OpenApiDocument openApi;
    private final Vertx vertx;
    private final long maxBodyBytes;
    private final long requestTimeoutMillis;
    private final List<String> corsOrigins;

    public GatewayRoutes(InternalTokenService tokens, ReverseProxy proxy, ProblemResponder problems, ClientIps clientIps,
                         LockoutRegistry lockouts, RateLimiter rateLimiter, GatewayMetrics metrics,
                         OpenApiDocument openApi, Vertx vertx, GatewayConfig config) {
        this.openApi = openApi;
        this.tokens = tokens;
        this.proxy = proxy;
        this.problems = problems;
        this.clientIps = clientIps;
        this.lockouts = lockouts;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.vertx = vertx;
        this.maxBodyBytes = config.maxBodyBytes();
        this.requestTimeoutMillis = config.requestTimeout().toMillis();
        this.corsOrigins = config.corsOrigins().orElse(List.of()).stream().filter(o -> !o.isBlank()).toList();
    }

    void register(@Observes Router router) {
        router.route().order(EDGE_ORDER).handler(this::edgeHeaders);
        if (!corsOrigins.isEmpty()) {
            router.route().order(CORS_ORDER).handler(CorsHandler.create()
                    .addOrigins(corsOrigins)
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
                            HttpMethod.PATCH, HttpMethod.DELETE))
                    .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "If-None-Match", RequestIds.HEADER))
                    .exposedHeaders(Set.of(RequestIds.HEADER, "Retry-After", "ETag", "Location"))
                    .maxAgeSeconds(600));
        }
        router.route().order(BODY_LIMIT_ORDER).handler(this::rejectDeclaredOversizeBody);
        router.get("/q/openapi").handler(this::openApi);
        router.route("/internal/*").handler(this::notFound);
        router.route("/v1/*").handler(this::proxy);
        router.errorHandler(404, this::notFound);
    }

    private void edgeHeaders(RoutingContext ctx) {
        String requestId = RequestIds.of(ctx);
        boolean api = ctx.request().path().startsWith("/v1/");
        boolean tls = ctx.request().isSSL();
        ctx.addHeadersEndHandler(ignored -> {
            MultiMap headers = ctx.response().headers();
            headers.set(RequestIds.HEADER, requestId);
            headers.set("X-Content-Type-Options", "nosniff");
            if (api) {
                // Answers on /v1 carry secret values, keys or tokens: no cache anywhere may keep them.
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            if (tls) {
                headers.set("Strict-Transport-Security", HSTS);
            }
        });
        ctx.next();
    }

    private void rejectDeclaredOversizeBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException malformed) {
                problems.respond(ctx, Problem.validation("Content-Length is not a number."));
                return;
            }
            if (declared > maxBodyBytes) {
                problems.respond(ctx, Problem.payloadTooLarge("The request body is larger than " + maxBodyBytes + " bytes."));
                return;
            }
        }
        ctx.next();
    }

    private void openApi(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        openApi.document()
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .subscribe().with(
                        document -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(document.toBuffer()),
                        failure -> problems.respond(ctx, failure));
    }

    private void notFound(RoutingContext ctx) {
        problems.respond(ctx, Problem.notFound("No public endpoint at this path."));
    }

    private void proxy(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        String requestId = RequestIds.of(ctx);
        long started = System.nanoTime();
        String route = RouteTable.routeLabel(request.path());
        long timer = vertx.setTimer(requestTimeoutMillis, id -> {
            if (!ctx.response().ended()) {
                LOG.warnf("%s %s took longer than %d ms; ending it (request id %s)", request.method(), route,
                        requestTimeoutMillis, requestId);
                problems.respond(ctx, Problem.requestTimeout("The request took longer than " + requestTimeoutMillis
                        + " ms from its first byte to the end of the answer."));
            }
        });
        ctx.addEndHandler(ended -> {
            vertx.cancelTimer(timer);
            metrics.request(route, request.method().name(), ctx.response().getStatusCode(), System.nanoTime() - started);
        });

        String clientIp = clientIps.of(request);
        long lockedFor = lockouts.lockedOutFor(clientIp);
        if (lockedFor > 0) {
            metrics.rejected("lockout");
            problems.respond(ctx, Problem.tooManyRequests("Too many failed authentications from " + clientIp
                    + "; try again in " + lockedFor + " s.", lockedFor));
            return;
        }
        if (RouteTable.credentialFree(request.method().name(), request.path())) {
            forwardWithoutCredential(ctx, clientIp);
            return;
        }
        List<String> authorization = request.headers().getAll(HttpHeaders.AUTHORIZATION);
        Credential credential;
        try {
            credential = CredentialParser.parse(authorization);
        } catch (GatewayException refused) {
            if (!authorization.isEmpty()) {
                failedAuthentication(clientIp, requestId);
            }
            problems.respond(ctx, refused);
            return;
        }
        ProxyTarget target;
        try {
            target = RouteTable.resolve(request.path());
        } catch (GatewayException refused) {
            problems.respond(ctx, refused);
            return;
        }
        long waitSeconds = rateLimiter.tryAcquire(credential.fingerprint());
        if (waitSeconds > 0) {
            metrics.rejected("rate");
            problems.respond(ctx, Problem.tooManyRequests("This credential is over its rate limit; try again in "
                    + waitSeconds + " s.", waitSeconds));
            return;
        }
        Context context = Vertx.currentContext();
        tokens.tokenFor(credential, target.projectId(), clientIp, requestId)
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .subscribe().with(
                        token -> {
                            if (!token.allows(clientIp)) {
                                // Also for a cached exchange: the allowlist holds for every request, not only the first.
                                problems.respond(ctx, Problem.forbidden("The client IP " + clientIp
                                        + " is not allowed for this API key."));
                                return;
                            }
                            proxy.forward(ctx, target, token.token(), clientIp);
                        },
                        failure -> {
                            if (failure instanceof GatewayException known && known.problem().status() == 401) {
                                failedAuthentication(clientIp, requestId);
                            }
                            problems.respond(ctx, failure);
                        });
    }

    /** The device flow's start and poll and the OIDC login: limited per client IP (there is no credential), never exchanged. */
    private void forwardWithoutCredential(RoutingContext ctx, String clientIp) {
        long waitSeconds = rateLimiter.tryAcquire("ip:" + clientIp);
        if (waitSeconds > 0) {
            metrics.rejected("rate");
            problems.respond(ctx, Problem.tooManyRequests("Too many requests from " + clientIp + "; try again in "
                    + waitSeconds + " s.", waitSeconds));
            return;
        }
        proxy.forward(ctx, RouteTable.resolve(ctx.request().path()), null, clientIp);
    }

    private void failedAuthentication(String clientIp, String requestId) {
        long lockout = lockouts.recordFailure(clientIp);
        if (lockout > 0) {
            LOG.warnf("Client %s locked out for %d s after repeated failed authentication (request id %s)",
                    clientIp, lockout, requestId);
        }
    }
}
