package com.microenv.secrets.api;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.audit.event.AuditTypes;
import com.microenv.secrets.support.AuditTopic;
import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class AuditEventsTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Inject
    AgroalDataSource database;

    private final UUID project = UUID.randomUUID();
    private final TestTokens tokens = TestTokens.forProject(project);
    private final String token = tokens.sign();

    private String variables(String environment) {
        return "/v1/projects/" + project + "/environments/" + environment + "/variables";
    }

    private void write(String name, String value) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", value))
                .put(variables("production") + "/" + name).then().statusCode(201);
    }

    @Test
    void readOfValuesIsOnTheAuditTopicWithNamesAndNoValues() {
        write("DB_PASSWORD", "value-one-" + UUID.randomUUID());
        write("API_KEY", "value-two-" + UUID.randomUUID());

        try (AuditTopic topic = AuditTopic.forProject(project)) {
            given().auth().oauth2(token)
                    .header("X-Request-Id", "req-read-1")
                    .header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
                    .header("User-Agent", "curl/8.5.0")
                    .get(variables("production")).then().statusCode(200);

            ConsumerRecord<String, String> record = awaitEvent(topic, AuditTypes.VARIABLE_READ);
            AuditEvent event = AuditEventCodec.fromJson(record.value());

            assertThat(record.key()).isEqualTo(project.toString());
            assertThat(record.value()).doesNotContain("value-one-", "value-two-");
            assertThat(event.source()).isEqualTo("/microenv/secrets-service");
            assertThat(event.subject()).isEqualTo("/projects/" + project + "/environments/production/variables");
            assertThat(event.data().variableNames()).containsExactly("API_KEY", "DB_PASSWORD");
            assertThat(event.data().actor()).isEqualTo(tokens.subject());
            assertThat(event.data().credentialId()).isEqualTo(tokens.subject());
            assertThat(event.data().credentialKind()).isEqualTo("api_key");
            assertThat(event.data().actorName()).isEqualTo("test key");
            assertThat(event.data().projectId()).isEqualTo(project.toString());
            assertThat(event.data().environment()).isEqualTo("production");
            assertThat(event.data().outcome()).isEqualTo("success");
            assertThat(event.data().requestId()).isEqualTo("req-read-1");
            assertThat(event.data().clientIp()).isEqualTo("203.0.113.7");
            assertThat(event.data().userAgent()).isEqualTo("curl/8.5.0");
        }
    }

    @Test
    void readOfOneValueIsAudited() {
        write("SINGLE", "single-value-" + UUID.randomUUID());

        try (AuditTopic topic = AuditTopic.forProject(project)) {
            given().auth().oauth2(token).get(variables("production") + "/SINGLE").then().statusCode(200);

            AuditEvent event = AuditEventCodec.fromJson(awaitEvent(topic, AuditTypes.VARIABLE_READ).value());
            assertThat(event.data().variableNames()).containsExactly("SINGLE");
            assertThat(event.subject()).endsWith("/variables/SINGLE");
        }
    }

    @Test
    void writeReachesTheAuditTopicThroughTheOutbox() throws SQLException {
        try (AuditTopic topic = AuditTopic.forProject(project)) {
            write("FEATURE_FLAG", "written-value-" + UUID.randomUUID());

            ConsumerRecord<String, String> record = awaitEvent(topic, AuditTypes.VARIABLE_WRITTEN);
            AuditEvent event = AuditEventCodec.fromJson(record.value());

            assertThat(record.value()).doesNotContain("written-value-");
            assertThat(event.data().variableNames()).containsExactly("FEATURE_FLAG");
            assertThat(event.data().details()).containsEntry("version", "1").containsEntry("change", "created");
            assertThat(event.data().actor()).isEqualTo(tokens.subject());
            await().atMost(WITHIN).untilAsserted(() -> assertThat(unsentOutboxRows()).isZero());
        }
    }

    @Test
    void deleteReachesTheAuditTopic() {
        write("TO_DELETE", "x");
        try (AuditTopic topic = AuditTopic.forProject(project)) {
            given().auth().oauth2(token).delete(variables("production") + "/TO_DELETE").then().statusCode(204);

            AuditEvent event = AuditEventCodec.fromJson(awaitEvent(topic, AuditTypes.VARIABLE_DELETED).value());
            assertThat(event.data().variableNames()).containsExactly("TO_DELETE");
            assertThat(event.data().details()).containsEntry("lastVersion", "1");
        }
    }

    @Test
    void defaultEnvironmentsAreAuditedWhenTheProjectIsProvisioned() {
        try (AuditTopic topic = AuditTopic.forProject(project)) {
            given().auth().oauth2(token).get("/v1/projects/" + project + "/environments").then().statusCode(200);

            await().atMost(WITHIN).pollInSameThread().untilAsserted(() -> assertThat(topic.poll().stream()
                    .map(record -> AuditEventCodec.fromJson(record.value()))
                    .filter(event -> event.type().equals(AuditTypes.ENVIRONMENT_CREATED))
                    .map(event -> event.data().environment()))
                    .containsExactlyInAnyOrder("development", "staging", "production"));
        }
    }

    @Test
    void deniedAttemptIsAudited() {
        String readOnly = TestTokens.forProject(project).permissions("read").sign();
        try (AuditTopic topic = AuditTopic.forProject(project)) {
            given().auth().oauth2(readOnly).contentType(ContentType.JSON).body(Map.of("value", "denied-value"))
                    .put(variables("production") + "/NOPE").then().statusCode(403);

            ConsumerRecord<String, String> record = awaitEvent(topic, AuditTypes.ACCESS_DENIED);
            AuditEvent event = AuditEventCodec.fromJson(record.value());
            assertThat(record.value()).doesNotContain("denied-value");
            assertThat(event.data().outcome()).isEqualTo("denied");
            assertThat(event.data().action()).isEqualTo("variable.written");
            assertThat(event.data().details()).containsEntry("reason", "the token lacks the 'write' permission");
        }
    }

    private static ConsumerRecord<String, String> awaitEvent(AuditTopic topic, String type) {
        return await().atMost(WITHIN).pollInSameThread()
                .until(() -> topic.poll().stream()
                        .filter(record -> AuditEventCodec.fromJson(record.value()).type().equals(type))
                        .findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    private long unsentOutboxRows() throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL")) {
            statement.setString(1, project.toString());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

}
