package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.StubApi;
import com.microenv.cli.StubApi.Request;
import com.microenv.cli.Tokens;
import com.microenv.cli.config.CredentialStore;
import com.microenv.cli.config.StoredCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code variables get} and {@code variables set} against a stub of the MicroENV API on a random port. */
class VariablesCommandsHttpTest {

    private static final String PROJECT = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";
    private static final String VARIABLES = "/v1/projects/" + PROJECT + "/environments/development/variables";
    private static final String DOTENV = "API_SECRET=\"s3cr3t value\"\nPORT=\"8080\"\n";

    @TempDir
    Path config;

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

    private CliRunner cli() {
        return new CliRunner(config).env("MICROENV_API_URL", api.url()).env("MICROENV_TOKEN", key);
    }

    private Result get(String... more) {
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[] {"variables", "get", "--project-id", PROJECT, "--environment=development"}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return cli().run(args);
    }

    @Test
    void getAsksTheApiForEnvByDefaultWithTheBearerCredential() {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "text/plain;charset=UTF-8", DOTENV));

        Result result = get();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(api.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo(VARIABLES);
            assertThat(request.query()).isEqualTo("format=env");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + key);
            assertThat(request.header("User-Agent")).startsWith("microenv-cli/");
        });
        assertThat(result.out()).isEqualTo(DOTENV);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void getPassesTheFormatToTheApiAndPrintsItsAnswerAsItCame() {
        String yaml = "API_SECRET: \"s3cr3t value\"\nPORT: \"8080\"\n";
        api.respond("GET", VARIABLES, new StubApi.Response(200, "application/yaml;charset=UTF-8", yaml));

        Result result = get("--format", "YAML");

        assertThat(api.requests()).singleElement().satisfies(request -> assertThat(request.query()).isEqualTo("format=yaml"));
        assertThat(result.out()).isEqualTo(yaml);
    }

    @Test
    void getEndsJsonWithANewline() {
        String json = "{\"projectId\":\"" + PROJECT + "\",\"environment\":\"development\",\"variables\":{\"PORT\":\"8080\"}}";
        api.json("GET", VARIABLES, 200, json);

        Result result = get("--format", "json");

        assertThat(api.requests()).singleElement().satisfies(request -> assertThat(request.query()).isEqualTo("format=json"));
        assertThat(result.out()).isEqualTo(json + "\n");
    }

    @Test
    void getOfAnEmptyEnvironmentPrintsNothing() {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "text/plain;charset=UTF-8", ""));

        Result result = get("--format", "docker");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aFormatTheApiCannotRenderIsAnErrorLine() {
        api.problem("GET", VARIABLES, 422, "Not representable in this format",
                "docker --env-file cannot hold line breaks, which the values of CERT contain; use format=env, json or yaml");

        Result result = get("--format", "docker");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).isEqualTo("error: 422 Not representable in this format — docker --env-file cannot hold "
                + "line breaks, which the values of CERT contain; use format=env, json or yaml\n");
    }

    @Test
    void getWithANamePrintsExactlyThatValueWhenPiped() {
        api.json("GET", VARIABLES + "/API_SECRET", 200,
                "{\"name\":\"API_SECRET\",\"value\":\"line1\\nline2\",\"version\":3,\"updatedAt\":\"2025-06-01T10:00:00Z\"}");

        Result result = get("API_SECRET");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(api.requests()).extracting(Request::path).containsExactly(VARIABLES + "/API_SECRET");
        assertThat(result.out()).isEqualTo("line1\nline2");
    }

    @Test
    void getWithANameEndsTheLineForAPersonAtATerminal() {
        api.json("GET", VARIABLES + "/PORT", 200, "{\"name\":\"PORT\",\"value\":\"8080\",\"version\":1}");

        Result result = cli().terminal(prompt -> null)
                .run("variables", "get", "--project-id", PROJECT, "--environment", "development", "PORT");

        assertThat(result.out()).isEqualTo("8080\n");
    }

    @Test
    void aProblemResponseBecomesOneErrorLine() {
        api.problem("GET", VARIABLES, 403, "Forbidden", "this API key may not read environment development");

        Result result = get();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PERMISSION);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: 403 Forbidden — this API key may not read environment development\n");
    }

    @Test
    void aRejectedCredentialIsExitCodeThree() {
        api.problem("GET", VARIABLES, 401, "Unauthorized", "unknown or revoked API key");

        Result result = get();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).isEqualTo("error: 401 Unauthorized — unknown or revoked API key\n");
    }

    @Test
    void aNonProblemErrorStillGivesTheStatusLine() {
        api.respond("GET", VARIABLES, new StubApi.Response(502, "text/html", "<html>proxy error</html>"));

        Result result = get();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.err()).isEqualTo("error: 502 Bad Gateway\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnreadableSuccessResponseDoesNotEchoTheBody() {
        api.respond("GET", VARIABLES + "/PORT", new StubApi.Response(200, "text/html", "<html>login page with s3cr3t</html>"));

        Result result = get("PORT");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("cannot read").contains("text/html");
        assertThat(result.all()).doesNotContain("s3cr3t");
    }

    @Test
    void aRedirectIsNotFollowed() {
        api.respond("GET", VARIABLES, new StubApi.Response(302, "text/plain", ""));

        Result result = get();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).startsWith("error: 302 Found — unexpected redirect");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void theStoredCliTokenIsUsedWhenNoTokenIsInTheEnvironment() {
        String token = Tokens.cliToken();
        new CredentialStore(config.resolve("microenv")).save(api.url(), new StoredCredential(token, "tok_1", "demo@microenv.local", null));
        api.respond("GET", VARIABLES, new StubApi.Response(200, "text/plain;charset=UTF-8", DOTENV));

        Result result = new CliRunner(config).env("MICROENV_API_URL", api.url())
                .run("variables", "get", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(api.requests()).singleElement()
                .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void setPutsEachValueAsJson() {
        api.json("PUT", VARIABLES + "/PORT", 200, "{\"name\":\"PORT\",\"version\":4,\"updatedAt\":\"2025-06-01T10:00:00Z\"}");
        api.json("PUT", VARIABLES + "/GREETING", 201, "{\"name\":\"GREETING\",\"version\":1,\"updatedAt\":\"2025-06-01T10:00:00Z\"}");

        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development",
                "PORT=9090", "GREETING=a=b \"c\" é");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(api.requests()).satisfiesExactly(
                first -> {
                    assertThat(first.method()).isEqualTo("PUT");
                    assertThat(first.path()).isEqualTo(VARIABLES + "/PORT");
                    assertThat(first.header("Content-Type")).isEqualTo("application/json");
                    assertThat(first.header("Authorization")).isEqualTo("Bearer " + key);
                    assertThat(first.body()).isEqualTo("{\"value\":\"9090\"}");
                },
                second -> assertThat(second.body()).isEqualTo("{\"value\":\"a=b \\\"c\\\" é\"}"));
        assertThat(result.out()).isEqualTo("PORT: updated, version 4\nGREETING: created, version 1\n");
    }

    @Test
    void setReadsADashValueFromStandardInputWithoutItsTrailingNewline() {
        api.json("PUT", VARIABLES + "/API_SECRET", 200, "{\"name\":\"API_SECRET\",\"version\":2}");

        Result result = cli().stdin("multi\nline s3cr3t\n")
                .run("variables", "set", "--project-id", PROJECT, "--environment", "development", "API_SECRET=-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(api.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo("{\"value\":\"multi\\nline s3cr3t\"}"));
        assertThat(result.all()).doesNotContain("s3cr3t");
    }

    @Test
    void setAsksForADashValueWithoutEchoAtATerminal() {
        api.json("PUT", VARIABLES + "/API_SECRET", 200, "{\"name\":\"API_SECRET\",\"version\":2}");
        StringBuilder prompted = new StringBuilder();

        Result result = cli().terminal(prompt -> {
            prompted.append(prompt);
            return "typed s3cr3t";
        }).run("variables", "set", "--project-id", PROJECT, "--environment", "development", "API_SECRET=-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(prompted).contains("API_SECRET");
        assertThat(api.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo("{\"value\":\"typed s3cr3t\"}"));
    }

    @Test
    void setRefusesAValueOver64KiBBeforeSending() {
        Result result = cli().stdin("x".repeat(64 * 1024 + 1))
                .run("variables", "set", "--project-id", PROJECT, "--environment", "development", "BIG=-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("BIG").contains("64 KiB");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void setStopsAtTheFirstRefusalAndSaysWhichWereWritten() {
        api.json("PUT", VARIABLES + "/A", 200, "{\"name\":\"A\",\"version\":2}");
        api.problem("PUT", VARIABLES + "/B", 403, "Forbidden", "this API key may only read");

        Result result = cli().run("variables", "set", "--project-id", PROJECT, "--environment", "development", "A=1", "B=2", "C=3");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PERMISSION);
        assertThat(result.out()).isEqualTo("A: updated, version 2\n");
        assertThat(result.err()).isEqualTo("error: 403 Forbidden — this API key may only read\n");
        assertThat(api.requests()).extracting(Request::path).containsExactly(VARIABLES + "/A", VARIABLES + "/B");
    }

    @Test
    void nothingPrintedEverContainsTheToken() {
        api.problem("GET", VARIABLES, 401, "Unauthorized", "unknown API key");

        Result result = cli().run("--debug", "variables", "get", "--project-id", PROJECT, "--environment", "development");

        assertThat(result.err()).contains("debug:").contains("menv_sk_");
        assertThat(result.all()).doesNotContain(key);
    }

    @Test
    void plainHttpToAHostOtherThanLoopbackIsWarnedAbout() {
        api.respond("GET", VARIABLES, new StubApi.Response(200, "text/plain;charset=UTF-8", DOTENV));
        // 0.0.0.0 reaches this machine's stub yet is not a loopback name: stands in for a remote host, without the wait.
        String unencrypted = api.url().replace("127.0.0.1", "0.0.0.0");

        Result result = new CliRunner(config).env("MICROENV_TOKEN", key)
                .run("variables", "get", "--api-url", unencrypted, "--project-id", PROJECT, "--environment", "development");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).isEqualTo("warning: sending the credential over unencrypted HTTP to 0.0.0.0; use https://\n");
    }
}
