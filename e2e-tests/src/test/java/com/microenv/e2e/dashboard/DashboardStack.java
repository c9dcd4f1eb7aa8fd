package com.microenv.e2e.dashboard;

import com.microenv.testinfra.EnvFile;
import com.microenv.testinfra.LocalInfra;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged platform for the dashboard's browser tests: {@code deploy/local/stack browsers} (Chromium and
 * chromedriver, installed when missing) and {@code deploy/local/stack up}, once per test JVM; people are made in
 * Keycloak through its admin API, each test its own.
 */
final class DashboardStack {

    private static Map<String, String> settings;

    private DashboardStack() {
    }

    static synchronized Map<String, String> settings() {
        if (settings == null) {
            Path root = LocalInfra.repositoryRoot();
            run(root, root.resolve("deploy/local/stack").toString(), "browsers");
            run(root, root.resolve("deploy/local/stack").toString(), "up");
            Map<String, String> all = new HashMap<>(EnvFile.read(LocalInfra.stateDirectory().resolve("infra.env")));
            all.putAll(EnvFile.read(LocalInfra.stateDirectory().resolve("demo.env")));
            settings = Map.copyOf(all);
        }
        return settings;
    }

    static String setting(String name) {
        String value = settings().get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set by deploy/local/stack up");
        }
        return value;
    }

    /** The gateway, which serves the dashboard and the API. */
    static String gatewayUrl() {
        return setting("MICROENV_API_URL");
    }

    static String keycloakUrl() {
        return setting("MICROENV_KEYCLOAK_URL");
    }

    static Path stateDirectory() {
        return LocalInfra.stateDirectory();
    }

    static Path repositoryRoot() {
        return LocalInfra.repositoryRoot();
    }

    /** A person with a password. */
    record Person(String email, String password, String firstName) {
        @Override
        public String toString() {
            return "Person[" + email + "]";
        }
    }

    /** A new Keycloak user in realm {@code microenv} with a verified email and a random password. */
    static Person newPerson(String label) {
        return newPerson(label, List.of());
    }

    /** The same, with Keycloak required actions (e.g. {@code CONFIGURE_TOTP}) to do at the first login. */
    static Person newPerson(String label, List<String> requiredActions) {
        return newPerson("microenv", label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@dashboard.test",
                label, requiredActions);
    }

    /** A new user in {@code realm} (e.g. {@code acme}, the stand-in company identity provider). */
    static Person newPerson(String realm, String email, String label, List<String> requiredActions) {
        String password = randomPassword();
        Map<String, Object> user = Map.of(
                "username", email, "email", email, "emailVerified", true, "enabled", true,
                "firstName", "Dash", "lastName", label, "requiredActions", requiredActions,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        RestAssured.given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(user)
                .post(keycloakUrl() + "/admin/realms/" + realm + "/users")
                .then().statusCode(201);
        return new Person(email, password, "Dash");
    }

    /** A Keycloak access token of {@code person} (password grant of the local realm's CLI client). */
    static String userToken(Person person) {
        return RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "microenv-cli")
                .formParam("username", person.email()).formParam("password", person.password())
                .post(keycloakUrl() + "/realms/microenv/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static String adminToken() {
        return RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", setting("MICROENV_KEYCLOAK_ADMIN_USERNAME"))
                .formParam("password", setting("MICROENV_KEYCLOAK_ADMIN_PASSWORD"))
                .post(keycloakUrl() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder("Pw-");
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private static void run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 20 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + "; see its output above");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
