package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class ResilienceTest {

    UpstreamStubs stubs;

    @Test
    void aStoppedServiceOpensItsCircuitAnswers503NamingItAndRecoversWithoutRestart() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        String path = "/v1/projects/" + project + "/audit-events";
        stubs.auth().accept(key);
        given().auth().oauth2(key).get(path).then().statusCode(200);

        stubs.audit().stop();
        Response open;
        try {
            for (int i = 0; i < 5; i++) {
                given().auth().oauth2(key).get(path).then().statusCode(503)
                        .contentType(startsWith("application/problem+json"))
                        .body("detail", containsString("audit-service"));
            }
            int receivedBefore = stubs.audit().received(r -> true).size();
            open = given().auth().oauth2(key).get(path);
            assertThat(open.statusCode()).isEqualTo(503);
            assertThat(open.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/unavailable");
            assertThat(open.jsonPath().getString("detail")).contains("audit-service");
            assertThat(open.header("Retry-After")).isNotBlank();
            assertThat(stubs.audit().received(r -> true)).hasSize(receivedBefore);
            // Other upstreams have circuits of their own.
            given().auth().oauth2(key).get("/v1/projects/" + project + "/environments").then().statusCode(200);
        } finally {
            stubs.audit().start();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(key).get(path).then().statusCode(200).body("service", equalTo("audit-service")));
        assertThat(com.microenv.gateway.support.Metrics.scrape())
                .contains("microenv_gateway_upstream_errors_total{kind=\"unavailable\",upstream=\"audit-service\"}")
                .contains("microenv_gateway_upstream_errors_total{kind=\"circuit-opened\",upstream=\"audit-service\"}");
    }

    @Test
    void anUpstream503IsPassedThroughAs503WithItsProblemAndRetryAfter() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        given().auth().oauth2(key)
                .get("/v1/projects/" + UUID.randomUUID() + "/environments/dependency-down/variables")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", "5")
                .body("type", equalTo("https://microenv.dev/problems/unavailable"))
                .body("detail", equalTo("secrets-service: PostgreSQL is unavailable"));
    }

    @Test
    void upstream503sDoNotOpenTheCircuit() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        for (int i = 0; i < 8; i++) {
            given().auth().oauth2(key).get("/v1/projects/" + project + "/environments/dependency-down/variables")
                    .then().statusCode(503).body("detail", containsString("PostgreSQL"));
        }

        given().auth().oauth2(key).get("/v1/projects/" + project + "/environments").then().statusCode(200);
    }
}
