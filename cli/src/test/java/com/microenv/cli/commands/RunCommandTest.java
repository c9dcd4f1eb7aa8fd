package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.StubApi;
import com.microenv.cli.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code microenv run}: real child processes, a stub API, and the encrypted fallback copy. */
class RunCommandTest {

    private static final String PROJECT = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";
    private static final String VARIABLES = "/v1/projects/" + PROJECT + "/environments/development/variables";
    private static final String BODY = "{\"projectId\":\"" + PROJECT + "\",\"environment\":\"development\","
            + "\"variables\":{\"API_SECRET\":\"s3cr3t value\",\"PORT\":\"8080\"}}";

    @TempDir
    Path dir;

    private StubApi api;
    private String key;

    @BeforeEach
    void startStub() throws Exception {
        api = new StubApi();
        key = Tokens.apiKey();
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    private CliRunner cli(String apiUrl, String token) {
        return new CliRunner(dir.resolve("config")).env("MICROENV_API_URL", apiUrl).env("MICROENV_TOKEN", token)
                .env("PATH", System.getenv("PATH")).env("PORT", "1").in(dir);
    }

    /** Runs a shell script as COMMAND that writes what it sees to out.txt. */
    private Result run(CliRunner cli, String script, String... options) {
        String[] args = new String[6 + options.length + 3];
        int i = 0;
        for (String fixed : new String[] {"run", "--project-id", PROJECT, "--environment", "development"}) {
            args[i++] = fixed;
        }
        for (String option : options) {
            args[i++] = option;
        }
        args[i++] = "--";
        args[i++] = "sh";
        args[i++] = "-c";
        args[i] = script;
        return cli.run(args);
    }

    private String out() throws Exception {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void theCommandSeesTheVariablesOverridingItsEnvironmentAndItsExitCodeComesBack() throws Exception {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));

        Result result = run(cli(api.url(), key), "printf '%s|%s' \"$API_SECRET\" \"$PORT\" > out.txt; exit 42");

        assertThat(result.exitCode()).isEqualTo(42);
        assertThat(out()).isEqualTo("s3cr3t value|8080");
        assertThat(api.requests()).singleElement().satisfies(request -> assertThat(request.query()).isEqualTo("format=json"));
        assertThat(result.all()).doesNotContain("s3cr3t");
    }

    @Test
    void optionsAfterTheCommandBelongToTheCommand() throws Exception {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));

        Result result = cli(api.url(), key).run("run", "--project-id", PROJECT, "--environment", "development",
                "sh", "-c", "printf '%s' \"$1\" > out.txt", "sh", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(out()).isEqualTo("--help");
    }

    @Test
    void anUnknownCommandExitsWith127() {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));

        Result result = cli(api.url(), key).run("run", "--project-id", PROJECT, "--environment", "development",
                "--", "no-such-command-anywhere");

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.err()).contains("cannot run no-such-command-anywhere: command not found");
    }

    @Test
    void theFallbackFileIsPrivateAndEncrypted() throws Exception {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));
        Path fallback = dir.resolve("fallback.enc");

        Result result = run(cli(api.url(), key), "true", "--fallback", fallback.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fallback))).isEqualTo("rw-------");
        String stored = Files.readString(fallback);
        assertThat(stored).doesNotContain("s3cr3t").doesNotContain("8080").doesNotContain(key);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void whenTheApiIsUnreachableTheFallbackServesAndStderrSaysSo() throws Exception {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));
        Path fallback = dir.resolve("fallback.enc");
        run(cli(api.url(), key), "true", "--fallback", fallback.toString());

        Result result = run(cli("http://127.0.0.1:9", key), "printf '%s' \"$API_SECRET\" > out.txt",
                "--fallback", fallback.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(out()).isEqualTo("s3cr3t value");
        assertThat(result.err()).startsWith("warning: cannot reach the MicroENV API at http://127.0.0.1:9")
                .contains("using the fallback copy " + fallback).contains("saved at " + CliRunner.NOW);
    }

    @Test
    void fallbackOnlyNeverAsksTheApi() throws Exception {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));
        Path fallback = dir.resolve("fallback.enc");
        run(cli(api.url(), key), "true", "--fallback", fallback.toString());

        Result result = run(cli(api.url(), key), "printf '%s' \"$PORT\" > out.txt", "--fallback", fallback.toString(), "--fallback-only");

        assertThat(result.exitCode()).isZero();
        assertThat(out()).isEqualTo("8080");
        assertThat(api.requests()).hasSize(1);
        assertThat(result.err()).contains("--fallback-only: using the fallback copy");
    }

    @Test
    void anotherCredentialCannotReadTheFallback() {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));
        Path fallback = dir.resolve("fallback.enc");
        run(cli(api.url(), key), "true", "--fallback", fallback.toString());

        Result result = run(cli(api.url(), Tokens.apiKey()), "true", "--fallback", fallback.toString(), "--fallback-only");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("written with another credential");
    }

    @Test
    void aRefusalIsNotOverriddenByTheFallback() {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/json", BODY));
        Path fallback = dir.resolve("fallback.enc");
        run(cli(api.url(), key), "true", "--fallback", fallback.toString());
        api.problem("GET", VARIABLES, 401, "Unauthorized", "revoked API key");

        Result result = run(cli(api.url(), key), "touch out.txt", "--fallback", fallback.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    @Test
    void fallbackOnlyWithoutAFileIsAUsageError() {
        Result result = run(cli(api.url(), key), "true", "--fallback-only");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--fallback-only needs --fallback FILE");
    }

    @Test
    void fallbackOnlyBeforeAnyCopyExistsIsNotFound() {
        Result result = run(cli(api.url(), key), "true", "--fallback", dir.resolve("none").toString(), "--fallback-only");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
