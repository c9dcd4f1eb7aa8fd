package com.microenv.e2e;

import com.microenv.credential.CredentialFormat;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** Requests without a valid credential for the project are refused at the edge with a problem document. */
class CredentialRejectionIT {

    private static ValidatableResponse getVariables(String authorization) {
        var request = RestAssured.given().contentType(ContentType.JSON);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.get(Platform.apiUrl() + "/v1/projects/{project}/environments/development/variables",
                        Platform.demoProject())
                .then();
    }

    private static void isProblem(ValidatableResponse response, int status) {
        response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void noKeyIsUnauthorized() {
        ValidatableResponse response = getVariables(null);
        isProblem(response, 401);
        response.header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aKeyWithABadChecksumIsUnauthorized() {
        String demo = Platform.demoKey();
        char last = demo.charAt(demo.length() - 1);
        String mistyped = demo.substring(0, demo.length() - 1) + (last == 'A' ? 'B' : 'A');
        isProblem(getVariables("Bearer " + mistyped), 401);
    }

    @Test
    void aWellFormedButUnknownKeyIsUnauthorized() {
        isProblem(getVariables("Bearer " + CredentialFormat.newApiKey()), 401);
    }

    @Test
    void garbageBearerIsUnauthorized() {
        isProblem(getVariables("Bearer not-a-credential"), 401);
    }

    @Test
    void aValidKeyOfAnotherProjectIsForbidden() {
        String userToken = Platform.demoUserToken();
        String otherProject = RestAssured.given()
                .header("Authorization", "Bearer " + userToken)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "other-" + System.nanoTime()))
                .post(Platform.apiUrl() + "/v1/projects")
                .then().statusCode(201)
                .extract().path("id");
        String otherKey = RestAssured.given()
                .header("Authorization", "Bearer " + userToken)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "other-ci", "permissions", List.of("read"), "environments", List.of("*")))
                .post(Platform.apiUrl() + "/v1/projects/{project}/api-keys", otherProject)
                .then().statusCode(201)
                .extract().path("key");

        isProblem(getVariables("Bearer " + otherKey), 403);
    }

    @Test
    void internalEndpointsAreNotReachableThroughTheGateway() {
        RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoKey())
                .contentType(ContentType.JSON)
                .body("{}")
                .post(Platform.apiUrl() + "/internal/v1/token-exchange")
                .then().statusCode(404);
    }
}
