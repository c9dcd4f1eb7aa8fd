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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every documented exit code, each produced the way a user meets it. */
class ExitCodesTest {

    private static final String PROJECT = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";
    private static final String VARIABLE = "/v1/projects/" + PROJECT + "/environments/development/variables/PORT";

    @TempDir
    Path config;

    private StubApi api;

    @BeforeEach
    void startStub() throws Exception {
        api = new StubApi();
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    private Result getPort(String apiUrl, String token) {
        CliRunner cli = new CliRunner(config).env("MICROENV_API_URL", apiUrl);
        if (token != null) {
            cli.env("MICROENV_TOKEN", token);
        }
        return cli.run("variables", "get", "--project-id", PROJECT, "--environment", "development", "PORT");
    }

    @ParameterizedTest(name = "HTTP {0} exits with {1}")
    @CsvSource({
            "400, 1", "422, 1", "500, 1",
            "401, 3",
            "502, 4", "503, 4", "504, 4",
            "403, 5",
            "404, 6",
            "409, 7", "412, 7"})
    void eachApiStatusHasItsExitCode(int status, int exitCode) {
        api.problem("GET", VARIABLE, status, "Refused", "status " + status);

        Result result = getPort(api.url(), Tokens.apiKey());

        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.err()).startsWith("error: " + status + " Refused — status " + status);
    }

    @Test
    void successIsZero() {
        api.json("GET", VARIABLE, 200, "{\"name\":\"PORT\",\"value\":\"8080\",\"version\":1}");

        assertThat(getPort(api.url(), Tokens.apiKey()).exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aWrongCommandLineIsTwo() {
        Result result = new CliRunner(config).run("variables", "get", "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void noCredentialIsThree() {
        assertThat(getPort(api.url(), null).exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void anUnreachableApiIsFour() {
        Result result = getPort("http://127.0.0.1:9", Tokens.apiKey());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.err()).contains("cannot reach the MicroENV API at http://127.0.0.1:9");
    }

    @Test
    void theCodesAreDistinct() {
        assertThat(new int[] {ExitCodes.OK, ExitCodes.ERROR, ExitCodes.USAGE, ExitCodes.AUTH, ExitCodes.UNAVAILABLE,
                ExitCodes.PERMISSION, ExitCodes.NOT_FOUND, ExitCodes.CONFLICT}).doesNotHaveDuplicates();
    }
}
