package com.microenv.gateway.service;

import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.Problem;
import com.microenv.gateway.api.ProblemResponder;
import com.microenv.gateway.api.RequestIds;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import com.microenv.gateway.proxy.Upstream;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Calls auth-service's {@code POST /internal/v1/token-exchange} with the gateway's service identity, and owns the
 * timeouts of that call. A 4xx answer (unknown, revoked, expired credential; no access to the project) is relayed
 * to the client as auth-service wrote it.
 */
@ApplicationScoped
public class AuthServiceClient {

    static final String EXCHANGE_PATH = "/internal/v1/token-exchange";
    private static final String SERVICE = "auth-service";
    private static final Logger LOG = Logger.getLogger(AuthServiceClient.class);

    private final WebClient webClient;
    private final ServiceIdentity identity;
    private final String exchangeUrl;
    private final long timeoutMillis;
    private final UpstreamBreakers breakers;
    private final GatewayMetrics metrics;
    private final io.opentelemetry.context.propagation.TextMapPropagator propagator;

    public AuthServiceClient(Vertx vertx, GatewayConfig config, ServiceIdentity identity, UpstreamBreakers breakers,
                             GatewayMetrics metrics, io.opentelemetry.api.OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.identity = identity;
        this.breakers = breakers;
        this.metrics = metrics;
        this.timeoutMillis = config.exchangeTimeout().toMillis();
        this.exchangeUrl = config.authUrl().toString().replaceAll("/+$", "") + EXCHANGE_PATH;
        this.webClient = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        webClient.close();
    }

    /** Exchanges {@code credential} for an internal JWT scoped to {@code projectId} (or to no project). */
    public Uni<ExchangedToken> exchange(Credential credential, Optional<String> projectId, String clientIp, String requestId) {
        JsonObject request = new JsonObject()
                .put("credential", credential.secret())
                .put("projectId", projectId.orElse(null))
                .put("clientIp", clientIp);
        return identity.accessToken()
                .onFailure().transform(failure -> {
                    LOG.warnf("Cannot obtain the gateway's service token from Keycloak (request id %s): %s",
                            requestId, failure.toString());
                    return new GatewayException(Problem.unavailable(
                            "The gateway cannot reach the identity provider right now; try again shortly."), failure);
                })
                .chain(serviceToken -> Uni.createFrom().completionStage(() -> breakers.<HttpResponse<Buffer>>call(
                                Upstream.AUTH, promise -> traced(webClient.postAbs(exchangeUrl))
                                        .connectTimeout(timeoutMillis)
                                        .timeout(timeoutMillis)
                                        .putHeader(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + serviceToken)
                                        .putHeader(RequestIds.HEADER, requestId)
                                        .putHeader(HttpHeaders.ACCEPT.toString(), "application/json, " + ProblemResponder.PROBLEM_JSON)
                                        .sendJsonObject(request)
                                        .subscribe().with(promise::complete, promise::fail))
                                .toCompletionStage())
                        .onFailure(failure -> !(failure instanceof GatewayException))
                        .transform(failure -> {
                            LOG.warnf("Token exchange at %s failed (request id %s): %s", SERVICE, requestId, failure.toString());
                            return UpstreamFailures.toGatewayException(SERVICE, failure);
                        }))
                .map(response -> interpret(response, requestId))
                .onItem().invoke(granted -> metrics.exchange("granted"))
                .onFailure().invoke(failure -> metrics.exchange(failure instanceof GatewayException known
                        && known.problem().status() < 500 ? "refused" : "failed"));
    }

    /** With tracing on, auth-service's span continues the gateway's; off, nothing is added. */
    private io.vertx.mutiny.ext.web.client.HttpRequest<Buffer> traced(io.vertx.mutiny.ext.web.client.HttpRequest<Buffer> request) {
        propagator.inject(io.opentelemetry.context.Context.current(), request, (carrier, name, value) -> carrier.putHeader(name, value));
        return request;
    }

    private static ExchangedToken interpret(HttpResponse<Buffer> response, String requestId) {
        int status = response.statusCode();
        if (status == 200) {
            return parseToken(response, requestId);
        }
        if (status >= 400 && status < 500) {
            throw relayRefusal(response);
        }
        if (status == 503) {
            // auth-service is up but one of its dependencies is not: pass its problem (and Retry-After) through.
            Problem unavailable = Problem.unavailable(SERVICE + " is unavailable; try again shortly.");
            long retryAfter = retryAfterSeconds(response.getHeader("Retry-After"));
            if (retryAfter > 0) {
                unavailable = unavailable.retryAfter(retryAfter);
            }
            String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE.toString());
            Buffer body = response.body();
            boolean problemDocument = contentType != null && contentType.startsWith(ProblemResponder.PROBLEM_JSON)
                    && body != null && isJsonObject(body);
            LOG.warnf("Token exchange at %s answered 503 (request id %s)", SERVICE, requestId);
            throw problemDocument ? GatewayException.relay(unavailable, body.getDelegate()) : new GatewayException(unavailable);
        }
        LOG.warnf("Token exchange at %s answered %d (request id %s)", SERVICE, status, requestId);
        throw new GatewayException(status == 503
                ? Problem.unavailable(SERVICE + " is unavailable; try again shortly.")
                : Problem.badGateway(SERVICE + " failed to exchange the credential."));
    }

    private static ExchangedToken parseToken(HttpResponse<Buffer> response, String requestId) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            String token = body == null ? null : body.getString("token");
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("no token in the exchange response");
            }
            Instant expiresAt = Instant.now().plusSeconds(body.getLong("expiresIn", 300L));
            Instant jwtExpiry = jwtExpiry(token);
            if (jwtExpiry != null && jwtExpiry.isBefore(expiresAt)) {
                expiresAt = jwtExpiry;
            }
            String subject = body.getString("subject");
            if (subject == null) {
                subject = jwtSubject(token);
            }
            io.vertx.core.json.JsonArray cidrs = body.getJsonArray("allowedCidrs");
            Optional<IpRanges> allowed = cidrs == null ? Optional.empty()
                    : Optional.of(IpRanges.parse(cidrs.stream().map(String::valueOf).toList()));
            return new ExchangedToken(token, body.getString("credentialId"), subject, allowed, expiresAt, Instant.now());
        } catch (RuntimeException malformed) {
            LOG.errorf("Token exchange at %s answered 200 with an unusable body (request id %s): %s",
                    SERVICE, requestId, malformed.getClass().getSimpleName());
            throw new GatewayException(Problem.badGateway(SERVICE + " returned an unusable token exchange response."));
        }
    }

    /** The {@code exp} claim of a JWT, read without verifying it: only used to bound how long it is cached. */
    static Instant jwtExpiry(String jwt) {
        JsonObject claims = unverifiedClaims(jwt);
        try {
            Long exp = claims == null ? null : claims.getLong("exp");
            return exp == null ? null : Instant.ofEpochSecond(exp);
        } catch (ClassCastException unreadable) {
            return null;
        }
    }

    /** The {@code sub} claim, when an older auth-service answers without {@code subject}: only used to evict. */
    static String jwtSubject(String jwt) {
        JsonObject claims = unverifiedClaims(jwt);
        Object sub = claims == null ? null : claims.getValue("sub");
        return sub instanceof String text ? text : null;
    }

    private static JsonObject unverifiedClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException unreadable) {
            return null;
        }
    }

    private static GatewayException relayRefusal(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE.toString());
        Buffer body = response.body();
        if (contentType != null && contentType.startsWith(ProblemResponder.PROBLEM_JSON) && body != null && isJsonObject(body)) {
            return GatewayException.relay(Problem.ofStatus(status, ""), body.getDelegate());
        }
        return new GatewayException(switch (status) {
            case 401 -> Problem.unauthorized("The credential is unknown, revoked or expired.");
            case 403 -> Problem.forbidden("The credential has no access to this project.");
            default -> Problem.ofStatus(status, SERVICE + " refused the credential.");
        });
    }

    private static long retryAfterSeconds(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException httpDate) {
            return 0;
        }
    }

    private static boolean isJsonObject(Buffer body) {
        try {
            body.toJsonObject();
            return true;
        } catch (DecodeException | ClassCastException notAnObject) {
            return false;
        }
    }
}
