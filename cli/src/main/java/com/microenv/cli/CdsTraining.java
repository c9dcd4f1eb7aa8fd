package com.microenv.cli;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.microenv.credential.CredentialFormat;

/**
 * The training run for the AppCDS archive ({@code -XX:ArchiveClassesAtExit}, see the launcher): runs the everyday
 * commands in this JVM against a stub API on a loopback port, so that the classes they load (picocli, Jackson, the
 * HTTP client, YAML, AES-GCM, process start) are in the archive and the real runs map them instead of loading them.
 * Not a command: {@code java -cp microenv.jar com.microenv.cli.CdsTraining}. Touches nothing outside a temp folder.
 */
public final class CdsTraining {

    private static final String PROJECT = "00000000-0000-4000-8000-000000000000";

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                String body;
                int status = 200;
                if (path.endsWith("/variables") && "json".equals(query(exchange.getRequestURI().getQuery()))) {
                    body = "{\"projectId\":\"" + PROJECT + "\",\"environment\":\"development\",\"variables\":{\"PORT\":\"8080\"}}";
                } else if (path.endsWith("/variables")) {
                    body = "PORT=\"8080\"\n";
                } else if (path.contains("/variables/") && exchange.getRequestMethod().equals("PUT")) {
                    status = 201;
                    body = "{\"name\":\"PORT\",\"version\":2,\"updatedAt\":\"2025-01-01T00:00:00Z\"}";
                } else if (path.contains("/variables/")) {
                    body = "{\"name\":\"PORT\",\"value\":\"8080\",\"version\":1,\"updatedAt\":\"2025-01-01T00:00:00Z\"}";
                } else if (path.equals("/v1/me")) {
                    body = "{\"kind\":\"api_key\",\"id\":\"key_1\"}";
                } else {
                    status = 404;
                    body = "{\"type\":\"https://microenv.dev/problems/not-found\",\"title\":\"Not Found\",\"status\":404}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        Path home = Files.createTempDirectory("microenv-cds-");
        try {
            Files.writeString(home.resolve(".microenv.yaml"), "project: " + PROJECT + "\nenvironment: development\n");
            Map<String, String> env = new HashMap<>();
            env.put("XDG_CONFIG_HOME", home.toString());
            env.put("HOME", home.toString());
            env.put("MICROENV_API_URL", "http://127.0.0.1:" + server.getAddress().getPort());
            env.put("MICROENV_TOKEN", CredentialFormat.newCredential(CredentialFormat.Kind.API_KEY, new SecureRandom()));
            String fallback = home.resolve("fallback").toString();
            run(env, home, "--help");
            run(env, home, "variables", "get", "--help");
            run(env, home, "variables", "get", "--project-id", PROJECT, "--environment", "development");
            run(env, home, "variables", "get", "--format", "json");
            run(env, home, "variables", "get", "PORT");
            run(env, home, "variables", "set", "PORT=8081");
            run(env, home, "whoami");
            run(env, home, "--json", "whoami");
            run(env, home, "run", "--fallback", fallback, "--", "true");
            run(env, home, "run", "--fallback", fallback, "--fallback-only", "--", "true");
            run(env, home, "variables", "get", "MISSING_ONE");
            // The resource commands (404 from this stub: enough to load their classes).
            run(env, home, "variables", "list");
            run(env, home, "projects", "list");
            run(env, home, "environments", "list");
            run(env, home, "api-keys", "list");
            run(env, home, "audit", "list");
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static String query(String query) {
        return query == null ? null : query.replace("format=", "");
    }

    private static void run(Map<String, String> env, Path directory, String... args) {
        CliContext context = new CliContext(env, new ByteArrayInputStream(new byte[0]), null, Clock.systemUTC(),
                directory, duration -> { }, uri -> false, child -> () -> { });
        Main.run(args, context, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
