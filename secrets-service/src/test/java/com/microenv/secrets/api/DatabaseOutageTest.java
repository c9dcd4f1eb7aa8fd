package com.microenv.secrets.api;

import com.microenv.secrets.support.TestTokens;
import com.microenv.testinfra.PostgresProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL "stops" under the running service (a {@link PostgresProxy} between them is cut: new connections
 * refused, live ones reset) and comes back: reads and writes answer 503 {@code unavailable} naming
 * {@code postgresql} with {@code Retry-After}, quickly, and the service recovers by itself, without a restart.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughAProxy.class)
class DatabaseOutageTest {

    /** Both datasources (Flyway's JDBC and the reactive pool) reach PostgreSQL through the proxy. */
    public static class ThroughAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("microenv.crypto.rotate-on-start", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class, Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://{host}:{port}/microenv_secrets",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://{host}:{port}/microenv_secrets")));
        }
    }

    @Test
    void aLostDatabaseIs503NamingItWithRetryAfterAndTheServiceRecoversWithoutARestart() {
        UUID project = UUID.randomUUID();
        String token = TestTokens.forProject(project).sign();
        String variables = "/v1/projects/" + project + "/environments/production/variables";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", "before"))
                .put(variables + "/SURVIVES").then().statusCode(201);
        given().auth().oauth2(token).get(variables).then().statusCode(200);

        Map<String, Supplier<Response>> requests = Map.of(
                "list values", () -> given().auth().oauth2(token).get(variables),
                "get one", () -> given().auth().oauth2(token).get(variables + "/SURVIVES"),
                "names only", () -> given().auth().oauth2(token).get(variables + "?names_only=true"),
                "put", () -> given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", "during"))
                        .put(variables + "/SURVIVES"),
                "environments", () -> given().auth().oauth2(token).get("/v1/projects/" + project + "/environments"));

        PostgresProxy.cut();
        try {
            for (int round = 0; round < 2; round++) {
                for (Map.Entry<String, Supplier<Response>> request : requests.entrySet()) {
                    long start = System.nanoTime();
                    Response response = request.getValue().get();
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    System.out.printf("PostgreSQL cut: %s -> %d in %d ms%n", request.getKey(), response.statusCode(), millis);
                    assertThat(response.statusCode()).as(request.getKey()).isEqualTo(503);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/unavailable");
                    assertThat(response.jsonPath().getString("dependency")).isEqualTo("postgresql");
                    assertThat(response.header("Retry-After")).isNotBlank();
                    assertThat(response.asString()).doesNotContain("before").doesNotContain("during");
                    assertThat(millis).as(request.getKey() + " answered within a bounded time").isLessThan(10_000);
                }
            }
        } finally {
            PostgresProxy.restore();
        }

        long restored = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(token).get(variables).statusCode() == 200);
        System.out.printf("PostgreSQL back: reads recovered in %d ms%n", (System.nanoTime() - restored) / 1_000_000);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", "after"))
                .put(variables + "/SURVIVES").then().statusCode(200);
        assertThat(given().auth().oauth2(token).get(variables + "/SURVIVES").then().statusCode(200)
                .extract().<String>path("value")).isEqualTo("after");
    }
}
