package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installed {@code .microenv/bin/microenv} as a separate process against the local stack: {@code run} with the
 * demo key and no config file, its exit code, the encrypted fallback when the API is unreachable, and the exit
 * codes the platform's answers map to. (Login through the device flow needs auth-service's device endpoints.)
 */
class CliRunIT {

    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result microenv(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Platform.stateDirectory().resolve("bin/microenv").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        builder.environment().remove("MICROENV_TOKEN");
        builder.environment().put("MICROENV_API_URL", Platform.apiUrl());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString()); // no stored token, no config
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("microenv did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    private Result withDemoKey(String... args) throws IOException, InterruptedException {
        return microenv(Map.of("MICROENV_TOKEN", Platform.demoKey()), "", args);
    }

    @Test
    void runInjectsTheVariablesAndPassesTheExitCodeWithOnlyAnApiKeyInTheEnvironment() throws Exception {
        Result result = withDemoKey("run", "--project-id", Platform.demoProject(), "--environment", "development",
                "--", "sh", "-c", "test -n \"$DATABASE_URL\" && exit 23");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(23);
        assertThat(result.stdout() + result.stderr()).doesNotContain(Platform.demoKey());
    }

    @Test
    void theFallbackServesWhenTheApiIsUnreachable() throws Exception {
        Path fallback = dir.resolve("fallback.enc");
        Result online = withDemoKey("run", "--project-id", Platform.demoProject(), "--environment", "development",
                "--fallback", fallback.toString(), "--", "true");
        assertThat(online.exitCode()).as(online.stderr()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fallback))).isEqualTo("rw-------");

        // An unused port is what a stopped gateway looks like to the CLI (the shared one stays up).
        Result offline = microenv(Map.of("MICROENV_TOKEN", Platform.demoKey(), "MICROENV_API_URL", "http://127.0.0.1:9"), "",
                "run", "--project-id", Platform.demoProject(), "--environment", "development",
                "--fallback", fallback.toString(), "--", "sh", "-c", "printf %s \"$DATABASE_URL\" > seen.txt");

        assertThat(offline.exitCode()).as(offline.stderr()).isZero();
        assertThat(offline.stderr()).contains("cannot reach the MicroENV API").contains("using the fallback copy");
        assertThat(Files.readString(dir.resolve("seen.txt"))).isNotEmpty();
    }

    @Test
    void theDocumentedExitCodesComeFromThePlatformsAnswers() throws Exception {
        String project = Platform.demoProject();
        String readOnlyKey = RestAssured.given().auth().oauth2(Platform.demoUserToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"cli-e2e-" + UUID.randomUUID() + "\",\"permissions\":[\"read\"],\"environments\":[\"*\"]}")
                .post(Platform.apiUrl() + "/v1/projects/" + project + "/api-keys")
                .then().statusCode(201).extract().path("key");

        Result usage = withDemoKey("variables", "get", "--environment", "development");
        Result auth = microenv(Map.of("MICROENV_TOKEN", com.microenv.credential.CredentialFormat.newApiKey()), "",
                "variables", "get", "--project-id", project, "--environment", "development");
        Result unavailable = microenv(Map.of("MICROENV_TOKEN", Platform.demoKey(), "MICROENV_API_URL", "http://127.0.0.1:9"), "",
                "variables", "get", "--project-id", project, "--environment", "development");
        Result permission = microenv(Map.of("MICROENV_TOKEN", readOnlyKey), "",
                "variables", "set", "--project-id", project, "--environment", "development", "CLI_E2E=1");
        Result notFound = withDemoKey("variables", "get", "--project-id", project, "--environment", "development",
                "NO_SUCH_VARIABLE_" + UUID.randomUUID().toString().replace("-", "").toUpperCase());
        withDemoKey("setup", "--project-id", project, "--environment", "development");
        Result conflict = withDemoKey("setup", "--project-id", project, "--environment", "development");

        assertThat(usage.exitCode()).as(usage.stderr()).isEqualTo(2);
        assertThat(auth.exitCode()).as(auth.stderr()).isEqualTo(3);
        assertThat(unavailable.exitCode()).as(unavailable.stderr()).isEqualTo(4);
        assertThat(permission.exitCode()).as(permission.stderr()).isEqualTo(5);
        assertThat(notFound.exitCode()).as(notFound.stderr()).isEqualTo(6);
        assertThat(conflict.exitCode()).as(conflict.stderr()).isEqualTo(7);
    }

    @Test
    void setFromAClosedPipeNeverWaits() throws Exception {
        Result result = withDemoKey("variables", "set", "--project-id", Platform.demoProject(), "--environment", "development",
                "CLI_E2E_SECRET");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("standard input");
    }
}
