package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopped service behind the packaged gateway: audit-service (started by this run's {@code stack up}, from this
 * checkout; skipped otherwise) is stopped;
 * its routes answer a 503 problem naming it at once, the other services keep working, and after {@code stack up}
 * starts it again its routes recover with no gateway restart.
 */
class StoppedServiceIT {

    private static final String AUDIT = "/v1/projects/{project}/audit-events?limit=1";

    @Test
    void aStoppedServiceIsA503NamingItQuicklyAndRecoversWithoutAGatewayRestart() throws Exception {
        Platform.settings();
        String userToken = Platform.demoUserToken();
        RestAssured.given().header("Authorization", "Bearer " + userToken)
                .get(Platform.apiUrl() + AUDIT, Platform.demoProject()).then().statusCode(200);

        Path run = Platform.stateDirectory().resolve("run");
        // Only a service this checkout's stack started (the state folder may be shared with other checkouts).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.readString(run.resolve("audit-service.root")).strip()
                .equals(Platform.repositoryRoot().toString()), "audit-service runs from another checkout");
        String pid = Files.readString(run.resolve("audit-service.pid")).strip();
        try {
            // The stack starts each part as its own process group; end it as `stack down` would.
            new ProcessBuilder("kill", "-TERM", "--", "-" + pid).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !listening(Integer.parseInt(Platform.settings().getOrDefault("MICROENV_AUDIT_PORT", "8083"))));

            long started = System.nanoTime();
            Response down = RestAssured.given().header("Authorization", "Bearer " + userToken)
                    .get(Platform.apiUrl() + AUDIT, Platform.demoProject());
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("real stack: audit-service stopped: the gateway answered %d in %d ms%n", down.statusCode(), millis);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(millis).isLessThan(1000);
            assertThat(down.contentType()).startsWith("application/problem+json");
            assertThat(down.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/unavailable");
            assertThat(down.jsonPath().getString("detail")).contains("audit-service");
            assertThat(down.header("Retry-After")).isNotBlank();
            // The other services are unaffected.
            RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey())
                    .get(Platform.apiUrl() + "/v1/projects/{project}/environments/development/variables", Platform.demoProject())
                    .then().statusCode(200);
        } finally {
            Path root = Platform.repositoryRoot();
            Process up = new ProcessBuilder(root.resolve("deploy/local/stack").toString(), "up")
                    .directory(root.toFile()).inheritIO().start();
            assertThat(up.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(up.exitValue()).as("stack up").isZero();
        }
        // Recovery: the circuit breaker lets a trial through after 5 s; no gateway restart.
        long restarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                RestAssured.given().header("Authorization", "Bearer " + userToken)
                        .get(Platform.apiUrl() + AUDIT, Platform.demoProject()).then().statusCode(200));
        System.out.printf("real stack: audit-service routes recovered %d ms after stack up returned%n",
                (System.nanoTime() - restarted) / 1_000_000);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
