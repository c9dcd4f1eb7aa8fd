package com.microenv.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's smoke mode inside {@code ./mvnw verify}: the driver runs for about a second against a tiny HTTP
 * server in this JVM and must produce figures. It asserts that figures exist and add up, never how fast they are.
 * (The real-stack smoke is {@code bench/run --smoke}, opt-in: it needs the four services.)
 */
class DriverSmokeTest {

    private HttpServer server;
    private final Set<String> credentialsSeen = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Long> revokedAt = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/variables", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                credentialsSeen.add(auth);
            }
            byte[] body = "{\"variables\":{\"A\":\"1\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(auth == null ? 401 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // Revocation: a key is accepted until DELETE /v1/api-keys/{id} revokes it, then refused (after a short delay,
        // as a replica applying the credential event would).
        server.createContext("/v1/read", exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            Long at = revokedAt.get(auth.replace("Bearer ", ""));
            int status = at != null && System.nanoTime() - at > 20_000_000L ? 401 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/v1/api-keys", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/v1/api-keys/".length());
            boolean allowed = "DELETE".equals(exchange.getRequestMethod())
                    && exchange.getRequestHeaders().getFirst("Authorization") != null;
            if (allowed) {
                revokedAt.putIfAbsent("menv_sk_" + id, System.nanoTime());
            }
            exchange.sendResponseHeaders(allowed ? 200 : 403, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/variables";
    }

    private static JsonNode runDriver(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            code = BenchMain.run(args);
        } finally {
            System.setOut(original);
        }
        assertThat(code).as("exit code of bench-driver %s", List.of(args)).isZero();
        return new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void openLoopAtAFixedRateReportsCorrectedAndUncorrectedPercentiles() throws Exception {
        JsonNode loaded = runDriverWithAuth();
        JsonNode corrected = loaded.path("corrected");
        assertThat(loaded.path("sent").asLong()).isEqualTo(260);
        assertThat(corrected.path("count").asLong()).isEqualTo(200);
        assertThat(corrected.path("errors").asLong()).isZero();
        for (String figure : List.of("p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs")) {
            assertThat(corrected.path(figure).isNumber()).as(figure).isTrue();
            assertThat(corrected.path(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(corrected.path("p50Ms").asDouble()).isLessThanOrEqualTo(corrected.path("p99Ms").asDouble());
        assertThat(loaded.path("uncorrected").path("count").asLong()).isEqualTo(200);
    }

    private JsonNode runDriverWithAuth() throws Exception {
        // The bearer credential comes from an environment variable; PATH is always set and stands in for one.
        return runDriver("open-loop", "--url", url(), "--rate", "200", "--warmup", "0.3", "--duration", "1",
                "--auth-env", "PATH", "--label", "smoke");
    }

    @Test
    void unexpectedStatusesCountAsErrors() throws Exception {
        JsonNode result = runDriver("open-loop", "--url", url(), "--rate", "100", "--duration", "0.5");
        assertThat(result.path("corrected").path("count").asLong()).isEqualTo(50);
        assertThat(result.path("corrected").path("errors").asLong()).isEqualTo(50);
    }

    @Test
    void coldCredentialModeSendsEachCredentialOnce(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.write(keys, IntStream.range(0, 40).mapToObj(i -> "menv_sk_cold" + i).toList());
        JsonNode result = runDriver("open-loop", "--url", url(), "--rate", "100", "--credentials-file", keys.toString());
        assertThat(result.path("sent").asLong()).isEqualTo(40);
        assertThat(result.path("corrected").path("count").asLong()).isEqualTo(40);
        assertThat(result.path("corrected").path("p99Ms").asDouble()).isPositive();
        assertThat(credentialsSeen).hasSize(40);
    }

    @Test
    void revocationTimesTheRefusalOnEveryReplica(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.tsv");
        Files.write(keys, IntStream.range(0, 3).mapToObj(i -> "k" + i + "\tmenv_sk_k" + i).toList());
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        // Two "replicas": the same server under two spellings of its address.
        JsonNode result = runDriver("revocation", "--gateway", base + "," + base.replace("127.0.0.1", "localhost"),
                "--read-path", "/v1/read", "--revoke-path", "/v1/api-keys/{id}", "--keys-file", keys.toString(),
                "--auth-env", "PATH", "--give-up-s", "5");
        assertThat(result.path("revocations").asInt()).isEqualTo(3);
        assertThat(result.path("notRefusedInTime").asLong()).isZero();
        assertThat(result.path("perReplica")).hasSize(2);
        for (JsonNode replica : result.path("perReplica")) {
            assertThat(replica.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(20.0);
            assertThat(replica.path("maxMs").asDouble()).isLessThan(5000.0);
        }
        assertThat(result.path("allReplicas").path("p50Ms").isNumber()).isTrue();
    }

    @Test
    void auditIngestEventsAreValidAuditEvents() {
        AuditEvent event = AuditIngestCommand.event("6f1c2d3e-0000-4000-8000-000000000001", 7);
        AuditEvent parsed = AuditEventCodec.fromJson(AuditEventCodec.toJson(event));
        assertThat(parsed).isEqualTo(event);
        assertThat(parsed.partitionKey()).isEqualTo("6f1c2d3e-0000-4000-8000-000000000001");
    }

    @Test
    void benchRunScriptParsesAndListsEveryScenario() throws Exception {
        Path script = Path.of(System.getProperty("bench.root", ".")).resolve("run");
        Process syntax = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String syntaxOutput = new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(syntax.waitFor()).as(syntaxOutput).isZero();

        Process help = new ProcessBuilder("bash", script.toString(), "--help").redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor()).as(usage).isZero();
        assertThat(usage).contains("read-path", "exchange", "cold-credential", "revocation", "audit-ingest", "cli", "memory");
    }
}
