package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.AuthServiceStub;
import com.microenv.gateway.support.CredentialEvents;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged gateway replicas (the jar {@code package} just built, as two processes on their own ports) in front of
 * the same stub upstreams, reading the real Kafka: a credential revoked by one event is refused by both.
 */
class TwoReplicasIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Process> REPLICAS = new ArrayList<>();
    private static final List<String> URLS = new ArrayList<>();
    private static UpstreamStubs stubs;
    private static CredentialEvents events;

    @BeforeAll
    static void startTwoReplicas() throws IOException {
        Map<String, String> infra = LocalInfra.settings();
        stubs = new UpstreamStubs();
        Map<String, String> upstreams = stubs.start();
        events = new CredentialEvents(infra.get("MICROENV_KAFKA_BOOTSTRAP"));
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int replica = 1; replica <= 2; replica++) {
            int port = freePort();
            Map<String, String> env = new HashMap<>(infra);
            upstreams.forEach((name, value) -> {
                if (name.startsWith("MICROENV_")) {
                    env.put(name, value);
                }
            });
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("MICROENV_GATEWAY_MGMT_PORT", Integer.toString(freePort()));
            env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "gateway-replica-" + replica + ".log").toFile());
            builder.environment().putAll(env);
            REPLICAS.add(builder.start());
            URLS.add("http://127.0.0.1:" + port);
        }
        for (String url : URLS) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(url + "/q/health/ready", null) == 200);
        }
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(Process::destroy);
        for (Process replica : REPLICAS) {
            try {
                if (!replica.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    replica.destroyForcibly();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (events != null) {
            events.close();
        }
        if (stubs != null) {
            stubs.stop();
        }
    }

    @Test
    void aKeyRevokedByOneEventIsRefusedByBothReplicas() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        String path = "/v1/projects/" + project + "/environments/development/variables";
        stubs.auth().accept(key);
        for (String url : URLS) {
            assertThat(status(url + path, key)).isEqualTo(200);
            assertThat(status(url + path, key)).isEqualTo(200);
        }
        assertThat(stubs.auth().exchangesFor(key)).as("each replica exchanged once and cached it").hasSize(2);

        stubs.auth().revoke(key);
        long published = System.nanoTime();
        events.credentialRevoked(project, null, List.of(AuthServiceStub.credentialIdFor(key)));

        long[] refusedAfterMillis = new long[URLS.size()];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
            boolean all = true;
            for (int i = 0; i < URLS.size(); i++) {
                if (refusedAfterMillis[i] == 0) {
                    if (status(URLS.get(i) + path, key) == 401) {
                        refusedAfterMillis[i] = Math.max(1, (System.nanoTime() - published) / 1_000_000);
                    } else {
                        all = false;
                    }
                }
            }
            return all;
        });
        System.out.printf("two replicas: revoked key refused by replica 1 after %d ms, replica 2 after %d ms%n",
                refusedAfterMillis[0], refusedAfterMillis[1]);
    }

    private static int status(String url, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
