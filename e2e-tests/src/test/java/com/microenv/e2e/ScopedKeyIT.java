package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A person's day with keys, through the gateway: with the demo user's CLI token (obtained by
 * {@code stack up} through the real device flow) create a read-only key for {@code production}, use it as
 * curl would, revoke it, and see it refused.
 */
class ScopedKeyIT {

    private static final String ENVIRONMENTS = "/v1/projects/{project}/environments/{environment}/variables";

    @Test
    void aReadOnlyProductionKeyReadsProductionOnlyAndIsRefusedOnceRevoked() {
        String cliToken = Platform.setting("MICROENV_DEMO_CLI_TOKEN");
        var created = RestAssured.given().header("Authorization", "Bearer " + cliToken).contentType(ContentType.JSON)
                .body(Map.of("name", "e2e prod reader", "permissions", List.of("read"), "environments", List.of("production")))
                .post(Platform.apiUrl() + "/v1/projects/{project}/api-keys", Platform.demoProject())
                .then().statusCode(201).extract();
        String key = created.path("key");

        RestAssured.given().header("Authorization", "Bearer " + key)
                .get(Platform.apiUrl() + ENVIRONMENTS, Platform.demoProject(), "production").then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer " + key)
                .get(Platform.apiUrl() + ENVIRONMENTS, Platform.demoProject(), "staging").then().statusCode(403);
        RestAssured.given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(Map.of("value", "x"))
                .put(Platform.apiUrl() + ENVIRONMENTS + "/E2E_READ_ONLY", Platform.demoProject(), "production")
                .then().statusCode(403);

        RestAssured.given().header("Authorization", "Bearer " + cliToken)
                .delete(Platform.apiUrl() + "/v1/projects/{project}/api-keys/{id}", Platform.demoProject(), created.path("id"))
                .then().statusCode(200);

        // The gateway evicts its cached exchange on the credential event (within a second); the bound also
        // covers a gateway whose cached exchange lives out its 5-minute JWT.
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                RestAssured.given().header("Authorization", "Bearer " + key)
                        .get(Platform.apiUrl() + ENVIRONMENTS, Platform.demoProject(), "production")
                        .then().statusCode(401).body("detail", containsString("revoked")));
    }
}
