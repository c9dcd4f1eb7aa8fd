package com.microenv.e2e;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every read of secret values leaves an audit event that names the variables, never their values. */
class AuditTrailIT {

    @Test
    void aReadThroughTheGatewayAppearsInTheAuditApiWithNamesButNoValues() {
        String requestId = "e2e-read-" + System.nanoTime();
        Map<String, String> variables = RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoKey())
                .header("X-Request-Id", requestId)
                .get(Platform.apiUrl() + "/v1/projects/{project}/environments/development/variables", Platform.demoProject())
                .then().statusCode(200)
                .extract().jsonPath().getMap("variables", String.class, String.class);

        // The target is 2 s (measured in bench/); the wait here only bounds a broken pipeline.
        Map<String, Object> event = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> findByRequestId(requestId), found -> found != null);

        assertThat(event).containsEntry("type", "com.microenv.variable.read.v1");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        assertThat(data).containsEntry("projectId", Platform.demoProject())
                .containsEntry("environment", "development")
                .containsEntry("credentialKind", "api_key")
                .containsEntry("outcome", "success");
        assertThat(data.get("actor")).asString().startsWith("key_");
        assertThat(data.get("variableNames")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrderElementsOf(variables.keySet());

        // Reading the audit log needs `admin` (docs/contracts.md): the demo user (owner), not the read/write key.
        String raw = RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoUserToken())
                .get(Platform.apiUrl() + "/v1/projects/{project}/audit-events?limit=200", Platform.demoProject())
                .asString();
        variables.values().forEach(value -> assertThat(raw).doesNotContain(value));
        assertThat(raw).doesNotContain(Platform.demoKey());
    }

    private static Map<String, Object> findByRequestId(String requestId) {
        List<Map<String, Object>> events = RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoUserToken())
                .get(Platform.apiUrl() + "/v1/projects/{project}/audit-events?limit=50", Platform.demoProject())
                .then().statusCode(200)
                .extract().jsonPath().getList("events");
        return events.stream()
                .filter(e -> requestId.equals(((Map<?, ?>) e.get("data")).get("requestId")))
                .findFirst().orElse(null);
    }
}
