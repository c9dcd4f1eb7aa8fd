package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/** The request from the product documentation, exactly as printed by {@code stack up}, through the gateway. */
class SeedRequestIT {

    @Test
    void seedCurlWithTheDemoKeyReturnsTheDemoVariables() {
        Map<String, String> variables = RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoKey())
                .contentType(ContentType.JSON)
                .get(Platform.apiUrl() + "/v1/projects/{project}/environments/{environment}/variables",
                        Platform.demoProject(), "development")
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .extract().jsonPath().getMap("variables", String.class, String.class);

        assertThat(variables).isNotEmpty().containsKey("DATABASE_URL");
    }

    @Test
    void aWrittenVariableIsReadBackThroughTheGateway() {
        String name = "E2E_" + System.nanoTime();
        RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoKey())
                .contentType(ContentType.JSON)
                .body(Map.of("value", "written-by-e2e"))
                .put(Platform.apiUrl() + "/v1/projects/{project}/environments/staging/variables/{name}",
                        Platform.demoProject(), name)
                .then().statusCode(201);

        String value = RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoKey())
                .get(Platform.apiUrl() + "/v1/projects/{project}/environments/staging/variables",
                        Platform.demoProject())
                .then().statusCode(200)
                .extract().jsonPath().getString("variables." + name);
        assertThat(value).isEqualTo("written-by-e2e");
    }
}
