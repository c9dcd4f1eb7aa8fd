package com.microenv.audit.process;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A copy of the packaged audit-service (the fast-jar {@code target/quarkus-app/quarkus-run.jar}) run as its own
 * process, on a free port (never 8080-8083), consuming a test's own topic in a test's own group, so it never takes
 * partitions or records from the stack's audit-service. It makes no checkpoints (the shared database's other
 * projects are not its business) and trusts the test JWT key, so a test can call its API. Always stopped by the
 * test that started it (try-with-resources); {@link #kill()} sends SIGKILL.
 */
public final class PackagedAuditService implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private PackagedAuditService(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a copy named {@code name} (its log: {@code target/packaged-audit-service/<name>.log}).
     *
     * @param infra the local stack's settings ({@code LocalInfra.settings()})
     * @param topic the events topic it consumes (and publishes its own events to)
     * @param group its consumer group
     */
    public static PackagedAuditService start(String name, Map<String, String> infra, String topic, String group)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run this test through `mvn verify`, "
                    + "after the package phase has built the fast-jar");
        }
        int port = freePort();
        Path dir = Files.createDirectories(Path.of("target", "packaged-audit-service"));
        Path log = dir.resolve(name + ".log");
        Path publicKey = Path.of("target", "test-classes", "test-jwt", "publicKey.pem").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dmp.jwt.verify.publickey.location=file:" + publicKey,
                "-Dmp.messaging.incoming.audit-events.topic=" + topic,
                "-Dmp.messaging.incoming.audit-events.group.id=" + group,
                "-Dmp.messaging.outgoing.own-audit-events.topic=" + topic,
                "-Dmp.messaging.outgoing.audit-checkpoints.topic=" + topic + ".checkpoints",
                // A SIGKILLed member leaves the group after this, so its partitions move on quickly.
                "-Dmp.messaging.incoming.audit-events.session.timeout.ms=10000",
                "-Dmp.messaging.incoming.audit-events.heartbeat.interval.ms=2000",
                "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(infra);
        env.put("MICROENV_AUDIT_PORT", Integer.toString(port));
        env.put("MICROENV_AUDIT_CHECKPOINTS_ENABLED", "false");
        env.remove("MICROENV_AUDIT_RETENTION");
        return new PackagedAuditService(name, port, log, builder.start());
    }

    /** Waits until {@code /q/health/ready} answers 200 (database migrated, broker and consumer up). */
    public PackagedAuditService awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log.toAbsolutePath());
    }

    /** SIGKILL: no shutdown hook, no commit, no goodbye to the group. */
    public void kill() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            process.destroyForcibly();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code GET /v1/projects/{p}/audit-chain/verify} on this copy, with an admin token of the project. */
    public JsonPath verify(String project) {
        return RestAssured.given().baseUri(url()).auth().oauth2(adminToken(project))
                .when().get("/v1/projects/{p}/audit-chain/verify", project)
                .then().statusCode(200).extract().jsonPath();
    }

    /** An internal JWT as auth-service issues it, signed with the test key this copy trusts. */
    static String adminToken(String project) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey("test-jwt/privateKey.pem");
            return Jwt.issuer("microenv-auth").audience("microenv").subject("key_it")
                    .claim("menv_cred_id", "key_it").claim("menv_cred_kind", "api_key")
                    .claim("menv_project", project).claim("menv_envs", List.of("*"))
                    .claim("menv_perms", List.of("read", "admin")).claim("menv_actor_name", "it")
                    .expiresIn(Duration.ofMinutes(5)).sign(key);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM (a normal stop), then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port < 8080 || port > 8083) {
                    return port;
                }
            }
        }
    }
}
