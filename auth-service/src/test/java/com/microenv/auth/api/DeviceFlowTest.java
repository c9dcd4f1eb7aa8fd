package com.microenv.auth.api;

import com.microenv.credential.CredentialFormat;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static com.microenv.auth.api.AuthTestClient.cliTokenFor;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static com.microenv.auth.api.AuthTestClient.pollDeviceToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class DeviceFlowTest {

    private static ExtractableResponse<Response> requestLogin() {
        return given().contentType(ContentType.URLENC).formParam("client_id", "microenv-cli").formParam("client_name", "build-box")
                .header("X-Forwarded-For", "198.51.100.23")
                .when().post("/v1/auth/device")
                .then().statusCode(200).header("Cache-Control", containsString("no-store")).extract();
    }

    private static void decide(String keycloakToken, String userCode, String decision) {
        given().auth().oauth2(jwt(keycloakToken, null)).contentType(ContentType.JSON)
                .body(Map.of("user_code", userCode, "decision", decision))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(200);
    }

    /** Polls as a polite client (slower than the interval) until the answer is no longer authorization_pending. */
    private static ExtractableResponse<Response> pollUntilDecided(String deviceCode) {
        AtomicReference<ExtractableResponse<Response>> last = new AtomicReference<>();
        await().pollDelay(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(60))
                .until(() -> {
                    var response = pollDeviceToken(deviceCode).extract();
                    last.set(response);
                    return !"authorization_pending".equals(response.path("error"));
                });
        return last.get();
    }

    @Test
    void approvedLoginYieldsACliTokenExactlyOnce() {
        var started = requestLogin();
        String userCode = started.path("user_code");
        String deviceCode = started.path("device_code");
        assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(started.<String>path("verification_uri")).endsWith("/device");
        assertThat(started.<String>path("verification_uri_complete")).endsWith("/device?user_code=" + userCode);
        assertThat(started.<Integer>path("expires_in")).isGreaterThan(0);
        assertThat(started.<Integer>path("interval")).isGreaterThan(0);

        pollDeviceToken(deviceCode).statusCode(400).contentType("application/json")
                .body("error", equalTo("authorization_pending"));

        String user = demoUserToken();
        given().auth().oauth2(jwt(user, null)).queryParam("user_code", userCode.toLowerCase().replace("-", " "))
                .when().get("/v1/auth/device/approve")
                .then().statusCode(200)
                .body("client_name", equalTo("build-box"))
                .body("client_ip", equalTo("198.51.100.23"))
                .body("status", equalTo("pending"))
                .body("requested_at", not(equalTo(null)));
        decide(user, userCode, "approve");

        var issued = pollUntilDecided(deviceCode);
        assertThat(issued.statusCode()).isEqualTo(200);
        String token = issued.path("access_token");
        assertThat(CredentialFormat.isValid(token, CredentialFormat.Kind.CLI_TOKEN)).isTrue();
        assertThat(issued.<String>path("token_type")).isEqualTo("Bearer");
        assertThat(issued.<Integer>path("expires_in")).isGreaterThan(29 * 24 * 3600);
        assertThat(issued.header("Cache-Control")).contains("no-store");

        exchange(token, null).statusCode(200).body("credentialId", equalTo(issued.path("token_id")));
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                pollDeviceToken(deviceCode).statusCode(400).body("error", equalTo("invalid_grant")));
    }

    @Test
    void deniedLoginAnswersAccessDenied() {
        var started = requestLogin();
        decide(demoUserToken(), started.path("user_code"), "deny");

        var answer = pollUntilDecided(started.path("device_code"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.<String>path("error")).isEqualTo("access_denied");
        given().auth().oauth2(jwt(demoUserToken(), null)).contentType(ContentType.JSON)
                .body(Map.of("user_code", started.path("user_code"), "decision", "approve"))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(409);
    }

    @Test
    void expiredCodeAnswersExpiredToken() {
        var started = requestLogin();
        String userCode = ((String) started.path("user_code")).replace("-", "");
        TestDb.update("update device_authorizations set expires_at = now() - interval '1 second' where user_code = ?", userCode);

        pollDeviceToken(started.path("device_code")).statusCode(400).body("error", equalTo("expired_token"));
        given().auth().oauth2(jwt(demoUserToken(), null)).contentType(ContentType.JSON)
                .body(Map.of("user_code", userCode, "decision", "approve"))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(404);
    }

    @Test
    void pollingFasterThanTheIntervalAnswersSlowDownAndAddsFiveSeconds() {
        var started = requestLogin();
        int interval = started.path("interval");
        String deviceCode = started.path("device_code");

        pollDeviceToken(deviceCode).statusCode(400).body("error", equalTo("authorization_pending"));
        pollDeviceToken(deviceCode).statusCode(400)
                .body("error", equalTo("slow_down"))
                .body("interval", equalTo(interval + 5));
    }

    @Test
    void unknownCodeAndWrongGrantTypeAreOAuthErrors() {
        pollDeviceToken("no-such-device-code").statusCode(400).body("error", equalTo("invalid_grant"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("device_code", "x")
                .when().post("/v1/auth/device/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void jsonBodiesWorkLikeForms() {
        var started = given().contentType(ContentType.JSON).body(Map.of("client_name", "json-cli", "token_lifetime", 3600))
                .when().post("/v1/auth/device")
                .then().statusCode(200).extract();
        given().contentType(ContentType.JSON)
                .body(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", started.path("device_code")))
                .when().post("/v1/auth/device/token")
                .then().statusCode(400).body("error", equalTo("authorization_pending"));
        decide(demoUserToken(), started.path("user_code"), "approve");

        var issued = pollUntilDecided(started.path("device_code"));
        assertThat(issued.<Integer>path("expires_in")).isBetween(3500, 3600);
    }

    @Test
    void onlyASignedInUserMayApprove() {
        var started = requestLogin();
        String cli = cliTokenFor(demoUserToken());

        given().auth().oauth2(jwt(cli, null)).contentType(ContentType.JSON)
                .body(Map.of("user_code", started.path("user_code"), "decision", "approve"))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("user_code", started.path("user_code"), "decision", "approve"))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(401);
        given().auth().oauth2(jwt(demoUserToken(), null)).contentType(ContentType.JSON)
                .body(Map.of("user_code", "AAAA-0000", "decision", "approve"))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(400).body("detail", containsString("user_code"));
    }

    @Test
    void logoutRevokesThePresentedToken() {
        String cli = cliTokenFor(demoUserToken());
        String cliJwt = jwt(cli, null);
        String tokenId = exchange(cli, null).extract().path("credentialId");

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            given().auth().oauth2(cliJwt).when().post("/v1/auth/logout").then().statusCode(204);
            assertThat(credentials.awaitCredentialEvent("credential.revoked", tokenId).json().path("reason").asText())
                    .isEqualTo("logout");
        }
        exchange(cli, null).statusCode(401).body("detail", containsString("revoked"));
    }

    @Test
    void cliTokensAreListedAndRevokedOneByOneOrAllAtOnce() {
        String user = demoUserToken();
        String first = cliTokenFor(user);
        String second = cliTokenFor(user);
        String firstId = exchange(first, null).extract().path("credentialId");
        String secondId = exchange(second, null).extract().path("credentialId");

        given().auth().oauth2(jwt(first, null)).when().get("/v1/auth/cli-tokens")
                .then().statusCode(200)
                .body("id", hasItem(firstId)).body("id", hasItem(secondId))
                .body("find { it.id == '" + firstId + "' }.current", equalTo(true))
                .body("find { it.id == '" + firstId + "' }.clientName", equalTo("test laptop"))
                .body("find { it.id == '" + firstId + "' }.lastUsedAt", not(equalTo(null)))
                .body("size()", greaterThan(1));

        given().auth().oauth2(jwt(user, null)).when().delete("/v1/auth/cli-tokens/" + firstId)
                .then().statusCode(200).body("revokedAt", not(equalTo(null)));
        exchange(first, null).statusCode(401);
        exchange(second, null).statusCode(200);

        given().auth().oauth2(jwt(user, null)).when().delete("/v1/auth/cli-tokens")
                .then().statusCode(200).body("revoked", greaterThan(0));
        exchange(second, null).statusCode(401);
    }

    @Test
    void requestedLifetimeAboveTheMaximumIsCapped() {
        var started = given().contentType(ContentType.URLENC).formParam("client_name", "greedy")
                .formParam("token_lifetime", String.valueOf(10L * 365 * 24 * 3600))
                .when().post("/v1/auth/device").then().statusCode(200).extract();
        decide(demoUserToken(), started.path("user_code"), "approve");

        var issued = pollUntilDecided(started.path("device_code"));

        assertThat(issued.<Integer>path("expires_in")).isLessThanOrEqualTo(90 * 24 * 3600);
    }

    @Test
    void loginStepsAreAudited() {
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            String token = cliTokenFor(demoUserToken());
            audit.awaitAudit("com.microenv.login.requested.v1", "test laptop");
            audit.awaitAudit("com.microenv.login.approved.v1", "test laptop");
            var completed = audit.awaitAudit("com.microenv.login.completed.v1", "test laptop");
            assertThat(completed.raw()).doesNotContain(token);
        }
    }
}
