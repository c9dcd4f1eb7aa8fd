package com.microenv.secrets.api;

import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ShreddingAndRotationTest {

    @Inject
    AgroalDataSource database;

    @Test
    void projectDeletedOnTheCredentialTopicDestroysTheKeyAndEveryValue() throws Exception {
        UUID project = UUID.randomUUID();
        String token = TestTokens.forProject(project).sign();
        String variables = "/v1/projects/" + project + "/environments/production/variables";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", "doomed"))
                .put(variables + "/SECRET").then().statusCode(201);

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("microenv.credentials.v1", project.toString(),
                    "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"project.deleted\",\"time\":\"2026-12-02T18:00:00Z\","
                            + "\"projectId\":\"" + project + "\"}")).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count("project_keys", project) == 0);
        assertThat(count("variables", project)).isZero();
        assertThat(count("variable_versions", project)).isZero();
        given().auth().oauth2(token).get(variables).then().statusCode(404);
    }

    @Test
    void rotationEndpointNeedsTheAdminTokenAndReportsProgress() {
        given().post("/internal/v1/kek-rotation").then().statusCode(403);
        given().auth().oauth2("test-admin-token").get("/internal/v1/kek-rotation").then().statusCode(200)
                .body("currentKekId", org.hamcrest.Matchers.startsWith("config:"));
    }

    private long count(String table, UUID project) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM " + table + " WHERE project_id = ?")) {
            statement.setObject(1, project);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
