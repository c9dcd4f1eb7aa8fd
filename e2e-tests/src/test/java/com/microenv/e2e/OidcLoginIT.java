package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 end to end, through the gateway and the CLI as a process: a pipeline trades the outside issuer's token
 * (realm {@code acme-ci}, a local stand-in for GitHub Actions) for a workload token, reads with it, is refused what
 * the trust does not grant, and loses it when the trust is deleted. Nothing long-lived is stored anywhere.
 */
class OidcLoginIT {

    @TempDir
    Path dir;

    private static String acmeToken(String client) {
        return RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "acme-" + client)
                .formParam("client_secret", "acme-ci-test-only-secret-" + client)
                .post(Platform.setting("MICROENV_KEYCLOAK_URL") + "/realms/acme-ci/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void aPipelineLogsInWithItsIdentityTokenReadsWithinTheTrustAndLosesAccessWhenTheTrustGoes() throws Exception {
        String project = Platform.demoProject();
        String owner = Platform.demoUserToken();
        String trust = RestAssured.given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body(Map.of("name", "e2e pipeline " + UUID.randomUUID().toString().substring(0, 6),
                        "issuer", Platform.setting("MICROENV_KEYCLOAK_URL") + "/realms/acme-ci",
                        "audience", "microenv",
                        "claims", Map.of("repository", "acme/api", "ref", "refs/heads/main"),
                        "permissions", List.of("read"),
                        "environments", List.of("development"),
                        "tokenLifetimeSeconds", 300))
                .post(Platform.apiUrl() + "/v1/projects/" + project + "/oidc-trusts")
                .then().statusCode(201).extract().path("id");

        // Another repository's token is refused through the gateway, with nothing but "not accepted".
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("trustId", trust, "token", acmeToken("other")))
                .post(Platform.apiUrl() + "/v1/auth/oidc/login")
                .then().statusCode(401);

        Path tokenFile = dir.resolve("id-token");
        Files.writeString(tokenFile, acmeToken("api-main"));
        Result login = microenv("login", "--oidc-token-file", tokenFile.toString(), "--trust", trust);
        assertThat(login.exitCode()).as(login.stderr()).isZero();
        // The token's non-secret prefix and end may be shown; the whole token never.
        assertThat(login.stdout() + login.stderr()).doesNotContainPattern("menv_wt_[0-9A-Za-z]{44}");

        Result read = microenv("variables", "get", "--project-id", project, "--environment", "development",
                "--format", "json");
        assertThat(read.exitCode()).as(read.stderr()).isZero();
        assertThat(read.stdout()).contains("DATABASE_URL");

        Result otherEnvironment = microenv("variables", "get", "--project-id", project, "--environment", "production");
        assertThat(otherEnvironment.exitCode()).as(otherEnvironment.stderr()).isEqualTo(5);
        Result write = microenv("variables", "set", "--project-id", project, "--environment", "development",
                "OIDC_E2E=1");
        assertThat(write.exitCode()).as(write.stderr()).isEqualTo(5);

        RestAssured.given().auth().oauth2(owner)
                .delete(Platform.apiUrl() + "/v1/projects/" + project + "/oidc-trusts/" + trust)
                .then().statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(200))
                        .or(org.hamcrest.Matchers.is(204)));
        // The deletion revokes the trust's live tokens; the gateways evict them from the credential stream.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Result afterDelete;
        do {
            afterDelete = microenv("variables", "get", "--project-id", project, "--environment", "development");
        } while (afterDelete.exitCode() == 0 && System.nanoTime() < deadline);
        assertThat(afterDelete.exitCode()).as(afterDelete.stderr()).isEqualTo(3);
    }

    private Result microenv(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Platform.stateDirectory().resolve("bin/microenv").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().remove("MICROENV_TOKEN");
        builder.environment().put("MICROENV_API_URL", Platform.apiUrl());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("microenv did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
