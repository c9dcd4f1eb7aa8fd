package com.microenv.gateway.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server standing in for one of our own services: it records every complete request it receives and
 * answers like the real service would (an echo of what it saw, or the token exchange for auth-service).
 */
public class StubServer {

    /** A request as the upstream received it. */
    public record Received(String method, String path, String query, MultiMap headers, Buffer body) {

        public String header(String name) {
            return headers.get(name);
        }

        public JsonObject json() {
            return body.toJsonObject();
        }
    }

    private final String name;
    private final Vertx vertx;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private volatile int port;

    StubServer(String name, Vertx vertx) {
        this.name = name;
        this.vertx = vertx;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Requests received so far that match. */
    public List<Received> received(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    /** Stops listening, so that connections to its port are refused. */
    public void stop() {
        await(server.close());
        server = null;
    }

    /** Listens again (on the same port once it has had one). */
    public void start() {
        HttpServer fresh = vertx.createHttpServer().requestHandler(this::handle);
        server = await(fresh.listen(port, "127.0.0.1"));
        port = server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Received seen = new Received(request.method().name(), request.path(), request.query(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.copy());
            received.add(seen);
            answer(request, seen);
        });
    }

    /** Answers like the service: by default an echo of what arrived. */
    protected void answer(HttpServerRequest request, Received seen) {
        if (seen.path().contains("/slow")) {
            return; // never answers: the gateway's upstream timeout must fire
        }
        JsonObject echo = new JsonObject()
                .put("service", name)
                .put("method", seen.method())
                .put("path", seen.path())
                .put("query", seen.query())
                .put("bodyLength", seen.body().length())
                .put("bodySha256", sha256(seen.body().getBytes()));
        request.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "X-Upstream-Private")
                .putHeader("X-Upstream-Private", "hop")
                .putHeader("ETag", "\"7\"")
                .putHeader("X-Request-Id", "upstream-must-not-win")
                .end(echo.toBuffer());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String utf8(Buffer buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stub server operation failed", e);
        }
    }
}
