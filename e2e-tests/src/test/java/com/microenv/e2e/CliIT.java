package com.microenv.e2e;

import com.microenv.credential.CredentialFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code microenv} launcher that {@code stack up} installs, run as a process the way a developer runs it. */
class CliIT {

    @Test
    void variablesGetWithTheDemoKeyPrintsTheDemoVariables() throws Exception {
        Result result = microenv("variables", "get", "--project-id", Platform.demoProject(),
                "--environment", "development", "--format", "env");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("DATABASE_URL=");
        assertThat(result.stderr()).doesNotContain(Platform.demoKey());
    }

    @Test
    void aBadKeyExitsWithTheAuthenticationCodeAndAClearMessage() throws Exception {
        Result result = microenvWithToken(CredentialFormat.newApiKey(), "variables", "get",
                "--project-id", Platform.demoProject(), "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).contains("401");
    }

    private static Result microenv(String... args) throws IOException, InterruptedException {
        return microenvWithToken(Platform.demoKey(), args);
    }

    private static Result microenvWithToken(String token, String... args) throws IOException, InterruptedException {
        Path launcher = Platform.stateDirectory().resolve("bin/microenv");
        String[] command = new String[args.length + 1];
        command[0] = launcher.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MICROENV_API_URL", Platform.apiUrl());
        builder.environment().put("MICROENV_TOKEN", token);
        builder.environment().put("XDG_CONFIG_HOME", Platform.repositoryRoot().resolve("e2e-tests/target/cli-config").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("microenv did not finish in 60 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
