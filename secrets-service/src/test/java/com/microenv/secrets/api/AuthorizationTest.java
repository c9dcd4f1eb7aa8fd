package com.microenv.secrets.api;

import com.microenv.secrets.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AuthorizationTest {

    private static final String UNAUTHORIZED = "https://microenv.dev/problems/unauthorized";
    private static final String FORBIDDEN = "https://microenv.dev/problems/forbidden";

    private final UUID project = UUID.randomUUID();

    private String variables(String environment) {
        return "/v1/projects/" + project + "/environments/" + environment + "/variables";
    }

    private void write(String token, String name, String value, int expectedStatus) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", value))
                .put(variables("production") + "/" + name)
                .then().statusCode(expectedStatus);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        given().get(variables("production")).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo(UNAUTHORIZED))
                .body("status", equalTo(401));
    }

    @Test
    void garbageTokenIsUnauthorized() {
        given().auth().oauth2("not.a.jwt").get(variables("production")).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(UNAUTHORIZED));
    }

    @Test
    void tokenSignedByAnUnpublishedKeyIsUnauthorized() {
        String forged = TestTokens.forProject(project).signedByAStranger().sign();

        given().auth().oauth2(forged).get(variables("production")).then().statusCode(401);
    }

    @Test
    void expiredTokenIsUnauthorized() {
        String expired = TestTokens.forProject(project).issuedAt(Instant.now().minusSeconds(900)).sign();

        given().auth().oauth2(expired).get(variables("production")).then().statusCode(401);
    }

    @Test
    void tokenLivingLongerThanFiveMinutesIsUnauthorized() {
        String tooLong = TestTokens.forProject(project).lifetimeSeconds(3600).sign();

        given().auth().oauth2(tooLong).get(variables("production")).then().statusCode(401);
    }

    @Test
    void tokenForAnotherAudienceOrIssuerIsUnauthorized() {
        given().auth().oauth2(TestTokens.forProject(project).audience("microenv-auth").sign())
                .get(variables("production")).then().statusCode(401);
        given().auth().oauth2(TestTokens.forProject(project).issuer("http://127.0.0.1:8180/realms/microenv").sign())
                .get(variables("production")).then().statusCode(401);
    }

    @Test
    void tokenOfAnotherProjectIsForbidden() {
        String otherProject = TestTokens.forProject(UUID.randomUUID()).sign();

        given().auth().oauth2(otherProject).get(variables("production")).then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(FORBIDDEN))
                .body("detail", equalTo("the token is not valid for this project"));
    }

    @Test
    void tokenWithoutProjectIsForbidden() {
        String noProject = TestTokens.forProject(project).project(null).sign();

        given().auth().oauth2(noProject).get(variables("production")).then().statusCode(403);
    }

    @Test
    void readOnlyTokenCannotWriteOrDelete() {
        String owner = TestTokens.forProject(project).sign();
        String readOnly = TestTokens.forProject(project).permissions("read").sign();
        write(owner, "KEPT", "original", 201);

        given().auth().oauth2(readOnly).contentType(ContentType.JSON).body(Map.of("value", "changed"))
                .put(variables("production") + "/KEPT").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(FORBIDDEN))
                .body("detail", equalTo("the token lacks the 'write' permission"));
        write(readOnly, "NEW_ONE", "x", 403);
        given().auth().oauth2(readOnly).delete(variables("production") + "/KEPT").then().statusCode(403);

        given().auth().oauth2(readOnly).get(variables("production")).then()
                .statusCode(200)
                .body("variables", equalTo(Map.of("KEPT", "original")));
    }

    @Test
    void writeOnlyTokenCannotRead() {
        String writeOnly = TestTokens.forProject(project).permissions("write").sign();
        write(writeOnly, "BLIND", "x", 201);

        given().auth().oauth2(writeOnly).get(variables("production")).then().statusCode(403);
        given().auth().oauth2(writeOnly).get(variables("production") + "/BLIND").then().statusCode(403);
    }

    @Test
    void environmentOutsideTheTokensEnvironmentsIsForbidden() {
        String stagingOnly = TestTokens.forProject(project).environments("staging").sign();

        given().auth().oauth2(stagingOnly).get(variables("production")).then()
                .statusCode(403)
                .body("detail", equalTo("the token does not grant access to this environment"));
        write(stagingOnly, "A", "1", 403);
        given().auth().oauth2(stagingOnly).get(variables("staging")).then().statusCode(200);
    }

    @Test
    void healthNeedsNoToken() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
