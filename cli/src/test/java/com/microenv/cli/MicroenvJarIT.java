package com.microenv.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged {@code target/microenv.jar} as the launcher runs it: a separate {@code java -jar} process. */
class MicroenvJarIT {

    private static final Path JAR = Path.of("target", "microenv.jar");
    private static final String PROJECT = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";

    @TempDir
    Path config;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(config.resolve("out").toFile())
                .redirectError(config.resolve("err").toFile());
        builder.environment().remove("MICROENV_TOKEN");
        builder.environment().remove("MICROENV_API_URL");
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("microenv finished").isTrue();
        return new Run(process.exitValue(),
                Files.readString(config.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(config.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void theJarRunsOnItsOwnAndPrintsItsVersion() throws Exception {
        Run run = run(Map.of(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("microenv 0.");
    }

    @Test
    void theJarReadsVariablesFromTheApiInUtf8() throws Exception {
        String key = Tokens.apiKey();
        try (StubApi api = new StubApi()) {
            api.respond("GET", "/v1/projects/" + PROJECT + "/environments/staging/variables",
                    new StubApi.Response(200, "text/plain;charset=UTF-8", "GREETING=\"grüß dich €\"\n"));

            Run run = run(Map.of("MICROENV_TOKEN", key, "MICROENV_API_URL", api.url(), "LANG", "C"),
                    "variables", "get", "--project-id", PROJECT, "--environment", "staging");

            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).isEqualTo("GREETING=\"grüß dich €\"\n");
        }
    }

    @Test
    void theJarExitsWithThreeWithoutACredential() throws Exception {
        Run run = run(Map.of("MICROENV_API_URL", "http://127.0.0.1:9"), "whoami");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.err()).startsWith("error: no credential for http://127.0.0.1:9");
        assertThat(run.err()).doesNotContain("Exception");
    }
}
