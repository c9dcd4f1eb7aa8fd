package com.microenv.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for auth-service: answers {@code POST /internal/v1/token-exchange} as docs/contracts.md says
 * (200 with an internal JWT for credentials it was told to accept, 403 for those denied, 401 for anything else),
 * and echoes every other request.
 */
public class AuthServiceStub extends StubServer {

    public static final String EXCHANGE_PATH = "/internal/v1/token-exchange";

    private record Decision(int status, long delayMillis, String subject, List<String> allowedCidrs) {
        Decision(int status, long delayMillis) {
            this(status, delayMillis, null, null);
        }
    }

    private final Vertx vertx;
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
    private final Map<String, String> issued = new ConcurrentHashMap<>();

    AuthServiceStub(Vertx vertx) {
        super("auth-service", vertx);
        this.vertx = vertx;
    }

    /** The exchange will grant {@code credential} an internal JWT (for any project). */
    public void accept(String credential) {
        decisions.put(credential, new Decision(200, 0));
    }

    /**
     * The exchange will grant {@code credential} an internal JWT whose {@code sub} is {@code subject}, only for
     * client IPs in {@code allowedCidrs} (when not null), answering them in {@code allowedCidrs} as auth-service does
     * (docs/contracts.md, "Token exchange response (extended)"); other IPs get auth-service's 403.
     */
    public void accept(String credential, String subject, List<String> allowedCidrs) {
        decisions.put(credential, new Decision(200, 0, subject, allowedCidrs));
    }

    /** From now on the exchange refuses {@code credential} with 401, as auth-service does once it is revoked. */
    public void revoke(String credential) {
        decisions.put(credential, new Decision(401, 0));
    }

    /** The credential id the exchange names for {@code credential} (unique per credential). */
    public static String credentialIdFor(String credential) {
        String prefix = credential.startsWith("menv_ct_") ? "ct_" : credential.startsWith("menv_wt_") ? "wt_" : "key_";
        return prefix + sha256(credential.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Like {@link #accept(String)}, answering only after {@code delayMillis}. */
    public void acceptSlowly(String credential, long delayMillis) {
        decisions.put(credential, new Decision(200, delayMillis));
    }

    /** The exchange will answer 403: the credential is valid but has no access to the project. */
    public void deny(String credential) {
        decisions.put(credential, new Decision(403, 0));
    }

    /** The internal JWT most recently issued for {@code credential}. */
    public String issuedTokenFor(String credential) {
        return issued.get(credential);
    }

    /** Exchange requests received for {@code credential}. */
    public List<Received> exchangesFor(String credential) {
        return received(r -> r.path().equals(EXCHANGE_PATH) && credential.equals(r.json().getString("credential")));
    }

    @Override
    protected void answer(HttpServerRequest request, Received seen) {
        if (!seen.path().equals(EXCHANGE_PATH)) {
            super.answer(request, seen);
            return;
        }
        JsonObject body = seen.json();
        String credential = body.getString("credential");
        Decision decision = decisions.getOrDefault(credential, new Decision(401, 0));
        String clientIp = body.getString("clientIp");
        boolean ipAllowed = decision.allowedCidrs() == null
                || com.microenv.gateway.service.IpRanges.parse(decision.allowedCidrs()).contains(clientIp);
        Runnable reply = () -> {
            switch (ipAllowed ? decision.status() : 4031) {
                case 200 -> {
                    String credentialId = credentialIdFor(credential);
                    String subject = decision.subject() == null ? credentialId : decision.subject();
                    String token = internalJwt(body.getString("projectId"), subject);
                    issued.put(credential, token);
                    JsonObject answer = new JsonObject().put("token", token).put("expiresIn", 300)
                            .put("credentialId", credentialId).put("subject", subject);
                    if (decision.allowedCidrs() != null) {
                        answer.put("allowedCidrs", new JsonArray(decision.allowedCidrs()));
                    }
                    request.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
                }
                case 4031 -> problem(request, 403, "forbidden", "Forbidden",
                        "Stub: the client IP " + clientIp + " is not allowed for this API key.");
                case 403 -> problem(request, 403, "forbidden", "Forbidden",
                        "Stub: this API key has no access to project " + body.getString("projectId") + ".");
                default -> problem(request, 401, "unauthorized", "Unauthorized",
                        "Stub: the credential is unknown, revoked or expired.");
            }
        };
        if (decision.delayMillis() > 0) {
            vertx.setTimer(decision.delayMillis(), id -> reply.run());
        } else {
            reply.run();
        }
    }

    private static void problem(HttpServerRequest request, int status, String slug, String title, String detail) {
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject()
                        .put("type", "https://microenv.dev/problems/" + slug)
                        .put("title", title)
                        .put("status", status)
                        .put("detail", detail)
                        .put("instance", EXCHANGE_PATH)
                        .put("requestId", request.getHeader("X-Request-Id"))
                        .toBuffer());
    }

    private static String internalJwt(String projectId, String subject) {
        JsonObject claims = new JsonObject()
                .put("iss", "microenv-auth").put("aud", "microenv").put("sub", subject)
                .put("exp", Instant.now().plusSeconds(300).getEpochSecond())
                .put("jti", UUID.randomUUID().toString())
                .put("menv_project", projectId)
                .put("menv_perms", new JsonArray().add("read"));
        return part(new JsonObject().put("alg", "RS256").put("kid", "stub")) + "." + part(claims) + ".c3R1Yg";
    }

    private static String part(JsonObject json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }
}
