package com.microenv.e2e;

import com.microenv.testinfra.EnvFile;
import com.microenv.testinfra.LocalInfra;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform as a user gets it: {@code deploy/local/stack up} (infrastructure, the four packaged
 * services, the demo project), started once per test JVM and left running for the next run to reuse.
 */
final class Platform {

    private static Map<String, String> settings;

    private Platform() {
    }

    /** Every assignment of {@code infra.env} and {@code demo.env}, after the stack is up. */
    static synchronized Map<String, String> settings() {
        if (settings == null) {
            Path root = LocalInfra.repositoryRoot();
            run(root, root.resolve("deploy/local/stack").toString(), "up");
            // The stack's own files, not LocalInfra.settings(): the platform is always the local stack here.
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

    static String apiUrl() {
        return setting("MICROENV_API_URL");
    }

    static String demoProject() {
        return setting("MICROENV_DEMO_PROJECT_ID");
    }

    static String demoKey() {
        return setting("MICROENV_DEMO_API_KEY");
    }

    /** A Keycloak access token of the demo user (password grant on the local realm's CLI client). */
    static String demoUserToken() {
        return RestAssured.given()
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "microenv-cli")
                .formParam("username", setting("MICROENV_DEMO_USER"))
                .formParam("password", setting("MICROENV_DEMO_PASSWORD"))
                .post(setting("MICROENV_KEYCLOAK_URL") + "/realms/microenv/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    static Path repositoryRoot() {
        return LocalInfra.repositoryRoot();
    }

    static Path stateDirectory() {
        return LocalInfra.stateDirectory();
    }

    private static void run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 20 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + "; see its output above");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
