package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.StubApi;
import com.microenv.cli.StubApi.Request;
import com.microenv.cli.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code setup} and {@code .microenv.yaml}; {@code variables download|upload|delete}; {@code completion}. */
class SetupAndFilesTest {

    private static final String PROJECT = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";
    private static final String OTHER = "7a1b2c3d-0000-4000-8000-000000000001";
    private static final String VARIABLES = "/v1/projects/" + PROJECT + "/environments/staging/variables";

    @TempDir
    Path dir;

    private StubApi api;

    @BeforeEach
    void startStub() throws Exception {
        api = new StubApi();
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    private CliRunner cli(Path in) {
        return new CliRunner(dir.resolve("config")).env("MICROENV_API_URL", api.url()).env("MICROENV_TOKEN", Tokens.apiKey()).in(in);
    }

    @Test
    void setupWritesDefaultsThatCommandsBelowUseAndFlagsAndEnvironmentOverride() throws Exception {
        Path project = Files.createDirectories(dir.resolve("app"));
        Path below = Files.createDirectories(project.resolve("src/main"));
        api.respond("GET", VARIABLES, new StubApi.Response(200, "text/plain", "A=\"1\"\n"));

        Result setup = cli(project).run("setup", "--project-id", PROJECT, "--environment", "staging");
        Result fromFile = cli(below).run("variables", "get");
        Result fromEnv = cli(below).env("MICROENV_ENVIRONMENT", "production").run("variables", "get");
        Result fromFlag = cli(below).env("MICROENV_PROJECT_ID", OTHER).run("variables", "get", "--project-id", PROJECT);

        assertThat(setup.exitCode()).isZero();
        assertThat(Files.readString(project.resolve(".microenv.yaml")))
                .contains("project: " + PROJECT).contains("environment: staging");
        assertThat(fromFile.exitCode()).isZero();
        assertThat(fromFile.out()).isEqualTo("A=\"1\"\n");
        assertThat(fromEnv.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(fromFlag.exitCode()).isZero();
        assertThat(api.requests()).extracting(Request::path).containsExactly(VARIABLES,
                "/v1/projects/" + PROJECT + "/environments/production/variables", VARIABLES);
    }

    @Test
    void setupDoesNotReplaceAnExistingFileWithoutForce() {
        cli(dir).run("setup", "--project-id", PROJECT, "--environment", "staging");

        Result again = cli(dir).run("setup", "--project-id", OTHER, "--environment", "staging");
        Result forced = cli(dir).run("setup", "--project-id", OTHER, "--environment", "staging", "--force");

        assertThat(again.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(forced.exitCode()).isZero();
    }

    @Test
    void downloadWritesAPrivateFile() throws Exception {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "text/plain", "API_SECRET=\"s3cr3t\"\n"));

        Result result = cli(dir).run("variables", "download", "--project-id", PROJECT, "--environment", "staging",
                "--format", "env", "--output", "staging.env");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path file = dir.resolve("staging.env");
        assertThat(Files.readString(file)).isEqualTo("API_SECRET=\"s3cr3t\"\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(result.all()).doesNotContain("s3cr3t");
    }

    @Test
    void uploadSetsEveryVariableOfADotenvFile() throws Exception {
        Files.writeString(dir.resolve(".env"), "# comment\nexport A=1\nB=\"two\\nlines\"\n");
        api.json("PUT", VARIABLES + "/A", 201, "{\"name\":\"A\",\"version\":1}")
                .json("PUT", VARIABLES + "/B", 200, "{\"name\":\"B\",\"version\":3}");

        Result result = cli(dir).run("variables", "upload", "--project-id", PROJECT, "--environment", "staging", ".env");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Uploaded 2 variables to staging: 1 created, 1 updated.\n");
        assertThat(api.requests()).extracting(Request::body).containsExactly("{\"value\":\"1\"}", "{\"value\":\"two\\nlines\"}");
    }

    @Test
    void uploadChecksTheWholeFileBeforeSendingAnything() throws Exception {
        Files.writeString(dir.resolve(".env"), "A=1\nbad-name=2\n");

        Result result = cli(dir).run("variables", "upload", "--project-id", PROJECT, "--environment", "staging", ".env");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("line 2");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void uploadOfAMissingFileIsNotFound() {
        Result result = cli(dir).run("variables", "upload", "--project-id", PROJECT, "--environment", "staging", "nope.env");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void deleteSendsOneDeletePerName() {
        api.respond("DELETE", VARIABLES + "/A", new StubApi.Response(204, "application/json", ""))
                .problem("DELETE", VARIABLES + "/B", 404, "Not Found", "no variable B");

        Result result = cli(dir).run("variables", "delete", "--project-id", PROJECT, "--environment", "staging", "A", "B");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.out()).isEqualTo("A: deleted\n");
    }

    @Test
    void setWithABareNameReadsTheValueFromStdin() {
        api.json("PUT", VARIABLES + "/DB_PASSWORD", 201, "{\"name\":\"DB_PASSWORD\",\"version\":1}");

        Result result = cli(dir).stdin("hunter2\n").run("--json", "variables", "set", "--project-id", PROJECT,
                "--environment", "staging", "DB_PASSWORD");

        assertThat(result.exitCode()).isZero();
        assertThat(api.requests()).singleElement().satisfies(request -> assertThat(request.body()).isEqualTo("{\"value\":\"hunter2\"}"));
        assertThat(result.out()).contains("\"created\" : true").doesNotContain("hunter2");
    }

    @Test
    void completionScriptsCoverTheCommands() {
        Result bash = cli(dir).run("completion", "bash");
        Result zsh = cli(dir).run("completion", "zsh");

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("variables").contains("login").contains("--fallback");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit");
    }
}
