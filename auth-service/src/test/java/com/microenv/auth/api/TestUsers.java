package com.microenv.auth.api;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * Real Keycloak users for tests that need more people than the demo user: created (or their password reset)
 * through Keycloak's admin REST API in the shared local realm, idempotently. Each user has a verified email
 * {@code <name>@auth-tests.microenv.local}; a password made per test JVM.
 */
final class TestUsers {

    private static final String DOMAIN = "@auth-tests.microenv.local";
    private static final String PASSWORD = "T1-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private static final Map<String, String> IDS = new ConcurrentHashMap<>();

    private TestUsers() {
    }

    static String email(String name) {
        return name + DOMAIN;
    }

    /** Makes sure the user exists with this JVM's password; their Keycloak id. */
    static String ensure(String name) {
        return IDS.computeIfAbsent(name, TestUsers::createOrReset);
    }

    /** A Keycloak access token of the user (password grant on microenv-cli). */
    static String token(String name) {
        ensure(name);
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "microenv-cli")
                .formParam("scope", "openid email profile")
                .formParam("username", email(name))
                .formParam("password", PASSWORD)
                .when().post(realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** Grants the user a realm role of the shared realm through Keycloak's admin API (idempotent). */
    static void grantRealmRole(String name, String role) {
        changeRealmRole(name, role, true);
    }

    /** Takes a realm role away from the user (idempotent). */
    static void removeRealmRole(String name, String role) {
        changeRealmRole(name, role, false);
    }

    private static void changeRealmRole(String name, String role, boolean grant) {
        String id = ensure(name);
        String admin = adminToken();
        Map<String, Object> representation = given().auth().oauth2(admin)
                .when().get(adminUrl() + "/roles/" + role)
                .then().statusCode(200).extract().as(Map.class);
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(List.of(Map.of("id", representation.get("id"), "name", role)));
        String url = adminUrl() + "/users/" + id + "/role-mappings/realm";
        (grant ? request.when().post(url) : request.when().delete(url)).then().statusCode(204);
    }

    private static String createOrReset(String name) {
        String admin = adminToken();
        String email = email(name);
        Response created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", email, "email", email, "emailVerified", true, "enabled", true,
                        "firstName", name, "lastName", "Test", "requiredActions", List.of(),
                        "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))))
                .when().post(adminUrl() + "/users");
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating Keycloak user " + email + " answered " + created.statusCode());
        }
        String id = given().auth().oauth2(admin).queryParam("username", email).queryParam("exact", true)
                .when().get(adminUrl() + "/users")
                .then().statusCode(200).extract().path("[0].id");
        if (created.statusCode() == 409) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("type", "password", "value", PASSWORD, "temporary", false))
                    .when().put(adminUrl() + "/users/" + id + "/reset-password")
                    .then().statusCode(204);
        }
        return id;
    }

    private static String adminToken() {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", AuthTestClient.setting("MICROENV_KEYCLOAK_ADMIN_USERNAME"))
                .formParam("password", AuthTestClient.setting("MICROENV_KEYCLOAK_ADMIN_PASSWORD"))
                .when().post(AuthTestClient.setting("MICROENV_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    private static String realmUrl() {
        return AuthTestClient.setting("MICROENV_KEYCLOAK_URL") + "/realms/" + AuthTestClient.setting("MICROENV_KEYCLOAK_REALM");
    }

    private static String adminUrl() {
        return AuthTestClient.setting("MICROENV_KEYCLOAK_URL") + "/admin/realms/" + AuthTestClient.setting("MICROENV_KEYCLOAK_REALM");
    }
}
