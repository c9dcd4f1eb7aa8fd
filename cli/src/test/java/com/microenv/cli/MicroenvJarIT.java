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
import java.time.Duration;
import org.awaitility.Awaitility;

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

    private static final String BODY = "{\"projectId\":\"" + PROJECT + "\",\"environment\":\"development\","
            + "\"variables\":{\"GREETING\":\"hello\"}}";

    /** Starts {@code microenv run -- sh -c SCRIPT} as a process; SCRIPT traps signals and writes files in {@code config}. */
    private Process startRun(StubApi api, String script) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "run", "--project-id", PROJECT, "--environment", "development",
                "--", "sh", "-c", script));
        ProcessBuilder builder = new ProcessBuilder(command).directory(config.toFile())
                .redirectOutput(config.resolve("out").toFile())
                .redirectError(config.resolve("err").toFile());
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        builder.environment().put("MICROENV_TOKEN", Tokens.apiKey());
        builder.environment().put("MICROENV_API_URL", api.url());
        return builder.start();
    }

    @Test
    void runPassesSigtermToTheCommandAndItsExitCodeBack() throws Exception {
        try (StubApi api = new StubApi()) {
            api.respond("GET", "/v1/projects/" + PROJECT + "/environments/development/variables",
                    new StubApi.Response(200, "application/json", BODY));
            Process process = startRun(api, "trap 'echo \"$GREETING\" > term.txt; exit 42' TERM; touch ready; "
                    + "while :; do sleep 0.1; done");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(config.resolve("ready")));

            process.destroy(); // SIGTERM to the CLI's JVM

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(42);
            assertThat(Files.readString(config.resolve("term.txt"))).isEqualTo("hello\n");
        }
    }

    @Test
    void runPassesSigintToTheCommand() throws Exception {
        try (StubApi api = new StubApi()) {
            api.respond("GET", "/v1/projects/" + PROJECT + "/environments/development/variables",
                    new StubApi.Response(200, "application/json", BODY));
            Process process = startRun(api, "trap 'echo int > int.txt; exit 7' INT; touch ready; while :; do sleep 0.1; done");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(config.resolve("ready")));

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(7);
            assertThat(config.resolve("int.txt")).exists();
        }
    }

    @Test
    void setFromAnEmptyNonTerminalStdinFailsAtOnceInsteadOfWaiting() throws Exception {
        try (StubApi api = new StubApi()) {
            Run run = run(Map.of("MICROENV_TOKEN", Tokens.apiKey(), "MICROENV_API_URL", api.url()),
                    "variables", "set", "--project-id", PROJECT, "--environment", "development", "DB_PASSWORD");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("no value for DB_PASSWORD on standard input");
            assertThat(api.requests()).isEmpty();
        }
    }

    @Test
    void theJarExitsWithThreeWithoutACredential() throws Exception {
        Run run = run(Map.of("MICROENV_API_URL", "http://127.0.0.1:9"), "whoami");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.err()).startsWith("error: no credential for http://127.0.0.1:9");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void auditFollowPrintsNewEventsAndCtrlCEndsItCleanly() throws Exception {
        try (StubApi api = new StubApi()) {
            String event = "{\"id\":\"e1\",\"type\":\"com.microenv.variable.read.v1\",\"time\":\"2025-06-01T11:00:01Z\","
                    + "\"data\":{\"action\":\"variable.read\",\"actorName\":\"ci\",\"outcome\":\"success\"}}";
            api.json("GET", "/v1/projects/" + PROJECT + "/audit-events", 200, "{\"events\":[" + event + "],\"nextCursor\":null}");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toAbsolutePath().toString(), "audit", "list", "--project-id", PROJECT, "--follow",
                    "--interval", "1s"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(config.toFile())
                    .redirectOutput(config.resolve("out").toFile())
                    .redirectError(config.resolve("err").toFile());
            builder.environment().put("XDG_CONFIG_HOME", config.toString());
            builder.environment().put("MICROENV_TOKEN", Tokens.apiKey());
            builder.environment().put("MICROENV_API_URL", api.url());
            Process process = builder.start();
            process.getOutputStream().close();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.requests().size() >= 2); // polling

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(config.resolve("err"))).isZero();
            assertThat(Files.readString(config.resolve("out"))).containsPattern("2025-06-01T11:00:01Z\\s+variable.read\\s+ci");
            assertThat(Files.readString(config.resolve("err"))).doesNotContain("Exception");
        }
    }
}
