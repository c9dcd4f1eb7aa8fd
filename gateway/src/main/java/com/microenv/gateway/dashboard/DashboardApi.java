package com.microenv.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.RequestIds;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.credentials.Credential;
import com.microenv.gateway.credentials.CredentialParser;
import com.microenv.gateway.proxy.ProxyTarget;
import com.microenv.gateway.proxy.RouteTable;
import com.microenv.gateway.service.ExchangedToken;
import com.microenv.gateway.service.InternalTokenService;
import com.microenv.gateway.service.RateLimiter;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dashboard's client of the public API. A call takes the same steps as a {@code /v1} request at the edge: the
 * session's access token is parsed as the bearer credential, rate-limited as that credential, exchanged (and cached)
 * for an internal JWT with the browser's client IP, and the request goes to the upstream the route table names, with
 * the request id, {@code X-Forwarded-For} and the browser's {@code User-Agent}; upstream services then apply the
 * permission matrix and write the audit events exactly as for any other client.
 */
@ApplicationScoped
public class DashboardApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ACCOUNT_TIMEOUT = Duration.ofSeconds(5);

    private final InternalTokenService tokens;
    private final RateLimiter rateLimiter;
    private final WebClient client;
    private final Map<com.microenv.gateway.proxy.Upstream, URI> upstreams;
    private final ObjectMapper json;

    public DashboardApi(InternalTokenService tokens, RateLimiter rateLimiter, Vertx vertx, GatewayConfig config,
                        ObjectMapper json) {
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.json = json;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.upstreamTimeout().toSeconds())
                .setFollowRedirects(false));
        this.upstreams = Map.of(
                com.microenv.gateway.proxy.Upstream.AUTH, config.authUrl(),
                com.microenv.gateway.proxy.Upstream.SECRETS, config.secretsUrl(),
                com.microenv.gateway.proxy.Upstream.AUDIT, config.auditUrl());
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Who is calling: the session's access token and what the browser's request showed. */
    public record Caller(String accessToken, String clientIp, String userAgent, boolean tls) {
        @Override
        public String toString() {
            return "Caller[clientIp=" + clientIp + "]";
        }
    }

    /** A 2xx answer; its body as JSON (or {@code null} for 204 or a body that is not JSON) and as text. */
    public record Answer(int status, JsonNode body, String text) {
        @Override
        public String toString() {
            return "Answer[status=" + status + "]";
        }
    }

    public JsonNode get(Caller caller, String path) {
        return call(caller, HttpMethod.GET, path, null).body();
    }

    public Answer send(Caller caller, HttpMethod method, String path, Object body) {
        return call(caller, method, path, body);
    }

    /** The call; a refusal (4xx/5xx, also of the exchange) is an {@link ApiException} with the problem's detail. */
    public Answer call(Caller caller, HttpMethod method, String path, Object body) {
        return call(caller, method, path, body == null ? null : Json.encode(body), "application/json", "application/json");
    }

    /** A call with a body of another type (e.g. a {@code .env} upload), answered in {@code accept} (e.g. text/plain). */
    public Answer call(Caller caller, HttpMethod method, String path, String body, String contentType, String accept) {
        String requestId = UUID.randomUUID().toString();
        Credential credential;
        ProxyTarget target;
        try {
            credential = CredentialParser.parse(List.of("Bearer " + caller.accessToken()));
            target = RouteTable.resolve(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        } catch (GatewayException refused) {
            throw refusal(refused);
        }
        long wait = rateLimiter.tryAcquire(credential.fingerprint());
        if (wait > 0) {
            throw new ApiException(429, "Too many requests", "Too many requests; try again in " + wait + " s.");
        }
        ExchangedToken token;
        try {
            token = tokens.tokenFor(credential, target.projectId(), caller.clientIp(), requestId)
                    .await().atMost(TIMEOUT);
        } catch (GatewayException refused) {
            throw refusal(refused);
        }
        if (!token.allows(caller.clientIp())) {
            throw new ApiException(403, "Forbidden", "The client IP " + caller.clientIp() + " is not allowed.");
        }
        URI base = upstreams.get(target.upstream());
        HttpRequest<Buffer> request = client.requestAbs(method, base.toString().replaceAll("/$", "") + path)
                .putHeader("Authorization", "Bearer " + token.token())
                .putHeader(RequestIds.HEADER, requestId)
                .putHeader("X-Forwarded-For", caller.clientIp())
                .putHeader("X-Forwarded-Proto", caller.tls() ? "https" : "http")
                .putHeader("Accept", accept)
                .timeout(TIMEOUT.toMillis());
        if (caller.userAgent() != null) {
            request.putHeader("User-Agent", caller.userAgent());
        }
        HttpResponse<Buffer> response;
        try {
            response = body == null
                    ? request.send().await().atMost(TIMEOUT)
                    : request.putHeader("Content-Type", contentType)
                            .sendBuffer(Buffer.buffer(body)).await().atMost(TIMEOUT);
        } catch (RuntimeException unreachable) {
            throw new ApiException(503, "Unavailable", target.upstream().serviceName() + " cannot be reached.");
        }
        JsonNode parsed = parse(response.body());
        if (response.statusCode() >= 400) {
            String detail = parsed != null && parsed.hasNonNull("detail") ? parsed.get("detail").asText()
                    : parsed != null && parsed.hasNonNull("error_description") ? parsed.get("error_description").asText()
                    : "The request was refused (" + response.statusCode() + ").";
            String title = parsed != null && parsed.hasNonNull("title") ? parsed.get("title").asText() : "Refused";
            throw new ApiException(response.statusCode(), title, detail);
        }
        return new Answer(response.statusCode(), parsed, response.body() == null ? "" : response.body().toString());
    }

    /** The MFA state on the account page: the user has an OTP credential, has none, or Keycloak did not say. */
    public enum MfaState { ON, OFF, UNKNOWN }

    /**
     * Whether the session's user has a TOTP credential, asked of Keycloak's account REST API
     * ({@code GET {realm}/account/credentials?type=otp}) with the session's access token (audience {@code account},
     * role {@code view-profile}: the realm's default roles). Any failure (unreachable, refused, unexpected body) is
     * {@link MfaState#UNKNOWN}, never an error page.
     */
    public MfaState mfaState(Caller caller, String realmUrl) {
        try {
            HttpResponse<Buffer> response = client
                    .getAbs(realmUrl.replaceAll("/$", "") + "/account/credentials?type=otp")
                    .putHeader("Authorization", "Bearer " + caller.accessToken())
                    .putHeader("Accept", "application/json")
                    .timeout(ACCOUNT_TIMEOUT.toMillis())
                    .send().await().atMost(ACCOUNT_TIMEOUT.plusSeconds(1));
            JsonNode parsed = response.statusCode() == 200 ? parse(response.body()) : null;
            if (parsed == null || !parsed.isArray()) {
                return MfaState.UNKNOWN;
            }
            for (JsonNode container : parsed) {
                if ("otp".equals(container.path("type").asText())
                        && container.path("userCredentialMetadatas").size() > 0) {
                    return MfaState.ON;
                }
            }
            return MfaState.OFF;
        } catch (RuntimeException unreachable) {
            return MfaState.UNKNOWN;
        }
    }

    private JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return json.readTree(body.getBytes());
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private static ApiException refusal(GatewayException refused) {
        return new ApiException(refused.problem().status(), refused.problem().title(), refused.problem().detail());
    }
}
