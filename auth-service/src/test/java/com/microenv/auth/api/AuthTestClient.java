package com.microenv.auth.api;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Drives auth-service the way the gateway does, with real Keycloak tokens: the demo user's (password grant
 * on microenv-cli) and the gateway's own (client credentials on microenv-gateway).
 */
final class AuthTestClient {

    static final String EXCHANGE = "/internal/v1/token-exchange";

    private AuthTestClient() {
    }

    static String setting(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private static String tokenEndpoint() {
        return setting("MICROENV_KEYCLOAK_URL") + "/realms/" + setting("MICROENV_KEYCLOAK_REALM") + "/protocol/openid-connect/token";
    }

    /** A Keycloak access token of the demo user. */
    static String demoUserToken() {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "microenv-cli")
                .formParam("username", setting("MICROENV_DEMO_USER"))
                .formParam("password", setting("MICROENV_DEMO_PASSWORD"))
                .when().post(tokenEndpoint())
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** A Keycloak access token of the gateway's service account. */
    static String gatewayToken() {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "microenv-gateway")
                .formParam("client_secret", setting("MICROENV_GATEWAY_CLIENT_SECRET"))
                .when().post(tokenEndpoint())
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** The gateway's exchange call; {@code projectId} may be null. */
    static ValidatableResponse exchange(String credential, String projectId) {
        return exchange(credential, projectId, "203.0.113.7");
    }

    /** The gateway's exchange call for a client at {@code clientIp}. */
    static ValidatableResponse exchange(String credential, String projectId, String clientIp) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("credential", credential);
        body.put("projectId", projectId);
        body.put("clientIp", clientIp);
        return given().auth().oauth2(gatewayToken())
                .header("X-Request-Id", "test-" + UUID.randomUUID())
                .contentType(ContentType.JSON)
                .body(body)
                .when().post(EXCHANGE)
                .then();
    }

    /** An internal JWT for the demo user, scoped to {@code projectId} (or to none when null). */
    static String demoUserJwt(String projectId) {
        return exchange(demoUserToken(), projectId).statusCode(200).extract().path("token");
    }

    /** A new project owned by the demo user; its id. */
    static String createProject(String name) {
        return given().auth().oauth2(demoUserJwt(null))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .when().post("/v1/projects")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A new API key of the project, created by the demo user (its owner); the key string. */
    static String createApiKey(String projectId, List<String> permissions, List<String> environments) {
        return given().auth().oauth2(demoUserJwt(projectId))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "test key", "permissions", permissions, "environments", environments))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(201)
                .extract().path("key");
    }

    /** An internal JWT for any credential, scoped to {@code projectId} (or none). */
    static String jwt(String credential, String projectId) {
        return exchange(credential, projectId).statusCode(200).extract().path("token");
    }

    /** A new project owned by the user of {@code keycloakToken}; its id. */
    static String createProjectAs(String keycloakToken, String name) {
        return given().auth().oauth2(jwt(keycloakToken, null))
                .contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/v1/projects")
                .then().statusCode(201).extract().path("id");
    }

    /** Adds a member (by the project owner's Keycloak token). */
    static void addMember(String ownerToken, String projectId, String email, String role) {
        given().auth().oauth2(jwt(ownerToken, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", role))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(201);
    }

    /** Runs the whole device flow for the user of {@code keycloakToken}: the CLI token it yields. */
    static String cliTokenFor(String keycloakToken) {
        var started = given().contentType(ContentType.URLENC).formParam("client_id", "microenv-cli")
                .formParam("client_name", "test laptop")
                .when().post("/v1/auth/device")
                .then().statusCode(200).extract();
        given().auth().oauth2(jwt(keycloakToken, null)).contentType(ContentType.JSON)
                .body(Map.of("user_code", started.path("user_code"), "decision", "approve"))
                .when().post("/v1/auth/device/approve")
                .then().statusCode(200);
        return pollDeviceToken(started.path("device_code")).statusCode(200).extract().path("access_token");
    }

    static ValidatableResponse pollDeviceToken(String deviceCode) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                .formParam("device_code", deviceCode)
                .formParam("client_id", "microenv-cli")
                .when().post("/v1/auth/device/token")
                .then();
    }

    static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
