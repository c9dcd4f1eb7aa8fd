package com.microenv.gateway.api;

import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import com.microenv.gateway.credentials.CredentialParser;
import com.microenv.gateway.proxy.ProxyTarget;
import com.microenv.gateway.proxy.ReverseProxy;
import com.microenv.gateway.proxy.RouteTable;
import com.microenv.gateway.service.InternalTokenService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The gateway's routes on Quarkus' Vert.x router: {@code /v1/**} is checked, exchanged and proxied;
 * {@code /internal/**} and anything unknown is a 404 problem; oversized declared bodies are a 413 problem.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** Just before Quarkus' own body-size check (order -2), so that over-limit requests still get a problem document. */
    static final int BODY_LIMIT_ORDER = -3;

    private final InternalTokenService tokens;
    private final ReverseProxy proxy;
    private final ProblemResponder problems;
    private final long maxBodyBytes;

    public GatewayRoutes(InternalTokenService tokens, ReverseProxy proxy, ProblemResponder problems, GatewayConfig config) {
        this.tokens = tokens;
        this.proxy = proxy;
        this.problems = problems;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void register(@Observes Router router) {
        router.route().order(BODY_LIMIT_ORDER).handler(this::rejectDeclaredOversizeBody);
        router.route("/internal/*").handler(this::notFound);
        router.route("/v1/*").handler(this::proxy);
        router.errorHandler(404, this::notFound);
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

    private void notFound(RoutingContext ctx) {
        problems.respond(ctx, Problem.notFound("No public endpoint at this path."));
    }

    private void proxy(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        String requestId = RequestIds.of(ctx);
        ctx.response().putHeader(RequestIds.HEADER, requestId);
        Credential credential;
        ProxyTarget target;
        try {
            credential = CredentialParser.parse(request.headers().getAll(HttpHeaders.AUTHORIZATION));
            target = RouteTable.resolve(request.path());
        } catch (GatewayException refused) {
            problems.respond(ctx, refused);
            return;
        }
        String clientIp = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Context context = Vertx.currentContext();
        tokens.tokenFor(credential, target.projectId(), clientIp, requestId)
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .subscribe().with(
                        token -> proxy.forward(ctx, target, token.token(), clientIp),
                        failure -> problems.respond(ctx, failure));
    }
}
