package com.microenv.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A stand-in for the MicroENV gateway on a random loopback port: answers each "METHOD path" with a canned
 * response (404 problem otherwise) and records every request it got.
 */
public final class StubApi implements AutoCloseable {

    /** A request as the stub received it. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    /** A canned answer. */
    public record Response(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<String, Response> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.Deque<Response>> sequences = new ConcurrentHashMap<>();

    public StubApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public StubApi json(String method, String path, int status, String body) {
        routes.put(method + " " + path, new Response(status, "application/json", body));
        return this;
    }

    public StubApi problem(String method, String path, int status, String title, String detail) {
        String body = "{\"type\":\"https://microenv.dev/problems/x\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"requestId\":\"req-123\"}";
        routes.put(method + " " + path, new Response(status, "application/problem+json", body));
        return this;
    }

    public StubApi respond(String method, String path, Response response) {
        routes.put(method + " " + path, response);
        return this;
    }

    /** Answers the requests to "METHOD path" with {@code responses} in turn, the last one from then on. */
    public StubApi sequence(String method, String path, Response... responses) {
        sequences.put(method + " " + path, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(responses)));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            String key = exchange.getRequestMethod() + " " + path;
            java.util.Deque<Response> sequence = sequences.get(key);
            Response next = sequence == null ? null : sequence.size() > 1 ? sequence.pollFirst() : sequence.peekFirst();
            Response response = next != null ? next : routes.getOrDefault(key,
                    new Response(404, "application/problem+json",
                            "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route in the stub\"}"));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
