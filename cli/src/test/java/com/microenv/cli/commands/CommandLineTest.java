package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing and validation: everything here fails or succeeds before any request could be sent. */
class CommandLineTest {

    private static final String PROJECT = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";
    // Nothing listens here; a test that reached the network would fail with exit code 4, not the one it expects.
    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path config;

    private CliRunner cli() {
        return new CliRunner(config).env("MICROENV_TOKEN", Tokens.apiKey()).env("MICROENV_API_URL", NOWHERE);
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Result result = cli().run("--help");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("variables", "whoami", "--api-url", "MICROENV_TOKEN", "Exit codes");
    }

    @Test
    void versionPrintsTheBuiltVersion() {
        Result result = cli().run("--version");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).startsWith("microenv ").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void variablesGetHelpShowsTheFormats() {
        Result result = cli().run("variables", "get", "--help");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("--project-id", "--environment", "--format", "json, env, yaml or docker", "NAME");
    }

    @Test
    void noCommandPrintsUsageAndIsAUsageError() {
        Result result = cli().run();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Usage: microenv");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        Result result = cli().run("variables", "get", "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: missing --project-id (or $MICROENV_PROJECT_ID, or run 'microenv setup'")
                .contains("Try 'microenv variables get --help'");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Result result = cli().run("variable", "get");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("variables");
    }

    @Test
    void anInvalidEnvironmentNameIsRejectedBeforeSending() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "Production");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("invalid environment name 'Production'");
    }

    @Test
    void anInvalidVariableNameIsRejectedBeforeSending() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "development", "db-url");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("invalid variable name 'db-url'");
    }

    @Test
    void aProjectIdThatWouldLeaveItsPathSegmentIsRejected() {
        Result result = cli().run("variables", "get", "--project-id", "../../v1/me", "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("invalid project id");
    }

    @Test
    void formatAndNameTogetherAreAUsageError() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "development",
                "--format", "json", "PORT");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("with NAME the bare value is printed");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "development", "--format", "xml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--format");
    }

    @Test
    void formatNamesAreCaseInsensitive() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "development", "--format", "Yaml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE); // parsed fine, then found nobody at NOWHERE
    }

    @Test
    void anInvalidApiUrlFlagIsAUsageError() {
        Result result = cli().run("variables", "get", "--api-url", "ftp://x", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--api-url").contains("http://");
    }

    @Test
    void setWithoutAnEqualsSignDoesNotRepeatTheArgument() {
        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development",
                "A=1", "s3cr3t-value-typed-alone");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("argument 2 is not of the form NAME=VALUE");
        assertThat(result.all()).doesNotContain("s3cr3t");
    }

    @Test
    void setWithAnInvalidNameShowsTheNameButNotTheValue() {
        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development",
                "api_key=s3cr3t");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'api_key'");
        assertThat(result.all()).doesNotContain("s3cr3t");
    }

    @Test
    void setTheSameNameTwiceIsAUsageError() {
        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development", "A=1", "A=2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("variable A is given more than once");
    }

    @Test
    void onlyOneValueCanComeFromStandardInput() {
        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development", "A=-", "B=-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("only one variable");
    }

    @Test
    void setNeedsAtLeastOneAssignment() {
        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("NAME=VALUE");
    }

    @Test
    void withoutAnyCredentialTheExitCodeIsThree() {
        Result result = new CliRunner(config).env("MICROENV_API_URL", NOWHERE)
                .run("variables", "get", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).isEqualTo("error: no credential for " + NOWHERE + ": run 'microenv login', or set MICROENV_TOKEN to an API key or CLI token\n");
    }

    @Test
    void aMalformedTokenIsRefusedWithoutPrintingIt() {
        String key = Tokens.apiKey();
        String truncated = key.substring(0, key.length() - 1);

        Result result = new CliRunner(config).env("MICROENV_API_URL", NOWHERE).env("MICROENV_TOKEN", truncated)
                .run("whoami");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("MICROENV_TOKEN").contains("43 characters");
        assertThat(result.all()).doesNotContain(truncated.substring(8, 30));
    }

    @Test
    void anUnreachableApiIsExitCodeFourWithoutAStackTrace() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.err()).isEqualTo("error: cannot reach the MicroENV API at " + NOWHERE + ": connection refused\n");
    }

    @Test
    void debugAddsTheStackTraceButStillMasksTheToken() {
        String key = Tokens.apiKey();

        Result result = new CliRunner(config).env("MICROENV_API_URL", NOWHERE).env("MICROENV_TOKEN", key)
                .run("--debug", "variables", "get", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.err()).contains("debug: GET " + NOWHERE + "/v1/projects/" + PROJECT)
                .contains("java.net.ConnectException")
                .contains(key.substring(0, 11) + "…");
        assertThat(result.all()).doesNotContain(key);
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        Result result = cli().run("variables", "get", "--project-id", PROJECT, "--environment", "development", "--debug");

        assertThat(result.err()).contains("debug: API " + NOWHERE + " (from MICROENV_API_URL)");
    }
}
