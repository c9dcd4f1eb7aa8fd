package com.microenv.audit.api;

import com.microenv.audit.TestEvents;
import com.microenv.audit.TestKafka;
import com.microenv.audit.TestTokens;
import com.microenv.audit.event.AuditEvent;
import com.microenv.testinfra.PostgresProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL "stops" under audit-service (a {@link PostgresProxy} between them is cut: new connections refused, live
 * ones reset) and comes back: reads answer 503 {@code unavailable} naming {@code postgresql} with
 * {@code Retry-After}, an event arriving meanwhile is stored once the database is back, and nothing needs a restart.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughAProxy.class)
class DatabaseOutageTest {

    /** The reactive pool (run-time role) and Flyway's JDBC (owner) reach PostgreSQL through the proxy. */
    public static class ThroughAProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class, Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://{host}:{port}/microenv_audit",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://{host}:{port}/microenv_audit")));
        }
    }

    @Test
    void aLostDatabaseIs503NamingItWithRetryAfterAndTheServiceRecoversWithoutARestart() {
        String project = UUID.randomUUID().toString();
        String token = TestTokens.forProject(project, "admin");
        String events = "/v1/projects/" + project + "/audit-events";
        AuditEvent before = TestEvents.variableRead(project, "key_before", "production");
        AuditEvent during = TestEvents.variableRead(project, "key_during", "production");
        try (TestKafka kafka = new TestKafka()) {
            kafka.send(before);
            await().atMost(Duration.ofSeconds(60)).until(() -> eventIds(token, events).contains(before.id()));

            Map<String, Supplier<Response>> requests = new LinkedHashMap<>();
            requests.put("list events", () -> given().auth().oauth2(token).get(events + "?limit=10"));
            requests.put("verify chain", () -> given().auth().oauth2(token)
                    .get("/v1/projects/" + project + "/audit-chain/verify"));

            PostgresProxy.cut();
            try {
                kafka.send(during);
                for (int round = 0; round < 2; round++) {
                    for (Map.Entry<String, Supplier<Response>> request : requests.entrySet()) {
                        long start = System.nanoTime();
                        Response response = request.getValue().get();
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        System.out.printf("PostgreSQL cut: %s -> %d in %d ms%n", request.getKey(), response.statusCode(),
                                millis);
                        assertThat(response.statusCode()).as(request.getKey() + ": " + response.asString()).isEqualTo(503);
                        assertThat(response.contentType()).startsWith("application/problem+json");
                        assertThat(response.jsonPath().getString("type"))
                                .isEqualTo("https://microenv.dev/problems/unavailable");
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
                    .until(() -> given().auth().oauth2(token).get(events).statusCode() == 200);
            System.out.printf("PostgreSQL back: reads recovered in %d ms%n", (System.nanoTime() - restored) / 1_000_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> eventIds(token, events).contains(during.id()));
            assertThat(eventIds(token, events)).containsExactly(during.id(), before.id());
        }
    }

    private static List<String> eventIds(String token, String events) {
        Response response = given().auth().oauth2(token).get(events + "?limit=50");
        return response.statusCode() == 200 ? response.jsonPath().getList("events.id", String.class) : List.of();
    }
}
