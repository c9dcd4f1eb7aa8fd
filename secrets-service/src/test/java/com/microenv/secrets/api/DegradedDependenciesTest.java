package com.microenv.secrets.api;

import com.microenv.secrets.support.JwksServer;
import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service started while auth-service was down and with its audit producer pointed at a port where no Kafka
 * listens: it must start, verify tokens once the JWKS is reachable, keep writes' audit events in the outbox, and
 * refuse to release values it cannot audit.
 */
@QuarkusTest
@TestProfile(DegradedDependenciesTest.AuthDownAndKafkaUnreachable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DegradedDependenciesTest {

    /** Starts the application with the JWKS answering 503 and the audit topic unreachable. */
    public static class AuthDownAndKafkaUnreachable implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.audit-events.bootstrap.servers", "127.0.0.1:" + unusedPort(),
                    "microenv.audit.ack-timeout", "PT1S",
                    "microenv.outbox.ack-timeout", "PT1S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(JwksOutage.class));
        }
    }

    /** Puts the JWKS stand-in into its outage mode before the application starts. */
    public static class JwksOutage implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            System.setProperty(JwksServer.OUTAGE_PROPERTY, "true");
            return Map.of();
        }

        @Override
        public void stop() {
            System.clearProperty(JwksServer.OUTAGE_PROPERTY);
        }
    }

    @Inject
    AgroalDataSource database;

    private final UUID project = UUID.randomUUID();
    private final String token = TestTokens.forProject(project).sign();

    private String variables() {
        return "/v1/projects/" + project + "/environments/production/variables";
    }

    @Test
    @Order(1)
    void startsWithoutAuthServiceAndAcceptsTokensOnceItsKeysAreReachable() {
        given().auth().oauth2(token).get("/v1/projects/" + project + "/environments").then()
                .statusCode(401)
                .contentType("application/problem+json");

        System.clearProperty(JwksServer.OUTAGE_PROPERTY);

        given().auth().oauth2(token).get("/v1/projects/" + project + "/environments").then().statusCode(200);
    }

    @Test
    @Order(2)
    void readsAreRefusedWith503AndNoValuesWhileTheAuditLogIsUnreachable() {
        String value = "unaudited-" + UUID.randomUUID();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", value))
                .put(variables() + "/GUARDED").then().statusCode(201);

        for (String path : List.of(variables(), variables() + "/GUARDED")) {
            String body = given().auth().oauth2(token).get(path).then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://microenv.dev/problems/unavailable"))
                    .extract().asString();
            assertThat(body).doesNotContain(value);
        }
    }

    @Test
    @Order(3)
    void writesKeepTheirAuditEventInTheOutboxUntilKafkaTakesIt() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", "x"))
                .put(variables() + "/KEPT_EVENT").then().statusCode(201);

        // development, staging, production created + the write: all in the outbox, written with the change. This
        // instance's relay cannot send them; another secrets-service on the shared database (the local stack's) may,
        // so only "still there, never lost" is asserted here. e2e-tests' KafkaOutageIT checks delivery after an outage.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> outboxRows() == 4);
    }

    @Test
    @Order(4)
    void readinessReportsKafkaDown() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
    }

    private long outboxRows() throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE event_key = ?")) {
            statement.setString(1, project.toString());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
