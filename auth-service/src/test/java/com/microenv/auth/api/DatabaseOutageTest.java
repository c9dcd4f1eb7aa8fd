package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import com.microenv.testinfra.PostgresProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.gatewayToken;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL "stops" under auth-service (a {@link PostgresProxy} between them is cut: new connections refused, live
 * ones reset) and comes back: the token exchange, reads and writes answer 503 {@code unavailable} naming
 * {@code postgresql} with {@code Retry-After} (not 500, which the gateway turned into 502), and the service recovers
 * by itself, without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@TestProfile(DatabaseOutageTest.ThroughAProxy.class)
class DatabaseOutageTest {

    /** Both datasources (Flyway's JDBC and the reactive pool) reach PostgreSQL through the proxy. */
    public static class ThroughAProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class, Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://{host}:{port}/microenv_auth",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://{host}:{port}/microenv_auth")));
        }
    }

    @Test
    void aLostDatabaseIs503NamingItWithRetryAfterAndTheServiceRecoversWithoutARestart() {
        String keycloakToken = demoUserToken();
        String gateway = gatewayToken();
        String userJwt = jwt(keycloakToken, null);
        given().auth().oauth2(userJwt).get("/v1/projects").then().statusCode(200);

        Map<String, Supplier<Response>> requests = new LinkedHashMap<>();
        requests.put("token exchange", () -> given().auth().oauth2(gateway).contentType(ContentType.JSON)
                .body(Map.of("credential", keycloakToken, "clientIp", "203.0.113.7"))
                .post(AuthTestClient.EXCHANGE));
        requests.put("list projects", () -> given().auth().oauth2(userJwt).get("/v1/projects"));
        requests.put("me", () -> given().auth().oauth2(userJwt).get("/v1/me"));
        requests.put("create project", () -> given().auth().oauth2(userJwt).contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName("outage"))).post("/v1/projects"));

        PostgresProxy.cut();
        try {
            for (int round = 0; round < 2; round++) {
                for (Map.Entry<String, Supplier<Response>> request : requests.entrySet()) {
                    long start = System.nanoTime();
                    Response response = request.getValue().get();
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    System.out.printf("PostgreSQL cut: %s -> %d in %d ms%n", request.getKey(), response.statusCode(), millis);
                    assertThat(response.statusCode()).as(request.getKey() + ": " + response.asString()).isEqualTo(503);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/unavailable");
                    assertThat(response.jsonPath().getString("dependency")).isEqualTo("postgresql");
                    assertThat(response.header("Retry-After")).isNotBlank();
                    assertThat(millis).as(request.getKey() + " answered within a bounded time").isLessThan(10_000);
                }
            }
        } finally {
            PostgresProxy.restore();
        }

        long restored = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(userJwt).get("/v1/projects").statusCode() == 200);
        System.out.printf("PostgreSQL back: recovered in %d ms%n", (System.nanoTime() - restored) / 1_000_000);
        given().auth().oauth2(gateway).contentType(ContentType.JSON)
                .body(Map.of("credential", keycloakToken, "clientIp", "203.0.113.7"))
                .post(AuthTestClient.EXCHANGE).then().statusCode(200);
        given().auth().oauth2(userJwt).contentType(ContentType.JSON).body(Map.of("name", uniqueName("after outage")))
                .post("/v1/projects").then().statusCode(201);
    }
}
