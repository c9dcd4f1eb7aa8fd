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

    private record Decision(int status, long delayMillis) {
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
        Runnable reply = () -> {
            switch (decision.status()) {
                case 200 -> {
                    String token = internalJwt(body.getString("projectId"));
                    issued.put(credential, token);
                    request.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("token", token).put("expiresIn", 300)
                                    .put("credentialId", "key_stub").toBuffer());
                }
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

    private static String internalJwt(String projectId) {
        JsonObject claims = new JsonObject()
                .put("iss", "microenv-auth").put("aud", "microenv").put("sub", "key_stub")
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
