package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged gateway replicas ({@code deploy/local/stack up --gateways 2}) in front of the real auth-service: a key
 * revoked through replica 1 is refused by both within a second, although both had its exchange cached. The second
 * replica is stopped again afterwards (by the PID file the stack wrote for it).
 */
class TwoGatewaysIT {

    private static final String VARIABLES = "/v1/projects/{project}/environments/development/variables";
    private static String second;

    @BeforeAll
    static void secondReplica() throws Exception {
        Platform.settings();
        Path root = Platform.repositoryRoot();
        Process up = new ProcessBuilder(root.resolve("deploy/local/stack").toString(), "up", "--gateways", "2")
                .directory(root.toFile()).inheritIO().start();
        assertThat(up.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(up.exitValue()).as("stack up --gateways 2").isZero();
        String port = System.getenv().getOrDefault("MICROENV_GATEWAY2_PORT", "8090");
        second = "http://127.0.0.1:" + port;
        // Ready = its credential event stream is live.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                RestAssured.get(second + "/q/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stopSecondReplica() throws IOException, InterruptedException {
        Path pidFile = Platform.stateDirectory().resolve("run").resolve("gateway-2.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).strip();
            // The stack starts each part as its own process group: end that group, as `stack down` would.
            new ProcessBuilder("kill", "-TERM", "--", "-" + pid).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKeyRevokedThroughOneReplicaIsRefusedByBothWithinOneSecond() {
        List<String> replicas = List.of(Platform.apiUrl(), second);
        String cliToken = Platform.setting("MICROENV_DEMO_CLI_TOKEN");
        Map<String, Object> created = RestAssured.given().header("Authorization", "Bearer " + cliToken)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "e2e two replicas " + System.nanoTime(), "permissions", List.of("read"),
                        "environments", List.of("development")))
                .post(replicas.get(0) + "/v1/projects/{project}/api-keys", Platform.demoProject())
                .then().statusCode(201).extract().jsonPath().getMap("");
        String key = (String) created.get("key");
        for (String replica : replicas) {
            for (int i = 0; i < 2; i++) { // the second read is served from this replica's cached exchange
                RestAssured.given().header("Authorization", "Bearer " + key)
                        .get(replica + VARIABLES, Platform.demoProject()).then().statusCode(200);
            }
        }

        RestAssured.given().header("Authorization", "Bearer " + cliToken)
                .delete(replicas.get(0) + "/v1/projects/{project}/api-keys/{id}", Platform.demoProject(), created.get("id"))
                .then().statusCode(200);
        long revoked = System.nanoTime();
        long[] refusedAfter = {-1, -1};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
            for (int i = 0; i < replicas.size(); i++) {
                if (refusedAfter[i] < 0 && RestAssured.given().header("Authorization", "Bearer " + key)
                        .get(replicas.get(i) + VARIABLES, Platform.demoProject()).statusCode() == 401) {
                    refusedAfter[i] = (System.nanoTime() - revoked) / 1_000_000;
                }
            }
            return refusedAfter[0] >= 0 && refusedAfter[1] >= 0;
        });
        System.out.printf("real stack, two gateway replicas: key revoked through replica 1 refused by replica 1 after "
                + "%d ms, by replica 2 after %d ms%n", refusedAfter[0], refusedAfter[1]);
        assertThat(refusedAfter[0]).as("replica 1 within 1 s").isLessThan(1000);
        assertThat(refusedAfter[1]).as("replica 2 within 1 s").isLessThan(1000);
    }
}
