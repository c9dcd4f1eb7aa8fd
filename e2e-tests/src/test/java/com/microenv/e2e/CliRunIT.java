package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The installed {@code .microenv/bin/microenv} as a separate process against the local stack: {@code run} with the
 * demo key and no config file, its exit code, the encrypted fallback when the API is unreachable, and the exit
 * codes the platform's answers map to; {@code login} approved through the device flow as the demo user, the stored
 * token's mode, the commands a logged-in developer runs, {@code logout}; a signal forwarded by {@code run}.
 */
class CliRunIT {

    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result microenv(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        Process process = start(env, args);
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return finish(process);
    }

    /** The CLI as a process of its own: stdin a pipe (never a terminal), stdout and stderr to files in {@link #dir}. */
    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Platform.stateDirectory().resolve("bin/microenv").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        builder.environment().remove("MICROENV_TOKEN");
        builder.environment().put("MICROENV_API_URL", Platform.apiUrl());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString()); // no stored token, no config
        builder.environment().putAll(env);
        return builder.start();
    }

    private Result finish(Process process) throws IOException, InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("microenv did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    /** A run with the CLI token that {@code login} stored in this test's config folder. */
    private Result loggedIn(String... args) throws IOException, InterruptedException {
        return microenv(Map.of(), "", args);
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

    private static final Pattern USER_CODE = Pattern.compile("shows the code\\s+([A-Z]{4}-[A-Z]{4})");

    @Test
    void loginThroughTheDeviceFlowThenTheEverydayCommandsThenLogoutMakesTheTokenFail() throws Exception {
        String device = "cli-e2e-" + UUID.randomUUID();
        Process login = start(Map.of(), "login", "--no-browser", "--name", device);
        login.getOutputStream().close(); // stdin is no terminal: login never asks for anything

        // The CLI prints the code; the demo user approves it through the API, as the /device page does.
        String userCode = await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> {
                    Matcher matcher = USER_CODE.matcher(Files.readString(dir.resolve("stderr")));
                    return matcher.find() ? matcher.group(1) : null;
                }, code -> code != null);
        String userToken = Platform.demoUserToken();
        RestAssured.given().auth().oauth2(userToken).queryParam("user_code", userCode)
                .get(Platform.apiUrl() + "/v1/auth/device/approve")
                .then().statusCode(200).body("client_name", org.hamcrest.Matchers.equalTo(device));
        RestAssured.given().auth().oauth2(userToken).contentType(ContentType.JSON)
                .body(Map.of("user_code", userCode, "decision", "approve"))
                .post(Platform.apiUrl() + "/v1/auth/device/approve")
                .then().statusCode(200);
        Result loggedIn = finish(login);
        assertThat(loggedIn.exitCode()).as(loggedIn.stderr()).isZero();
        assertThat(loggedIn.stdout()).contains("Logged in to " + Platform.apiUrl());

        Path credentials = dir.resolve("config/microenv/credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent()))).isEqualTo("rwx------");
        String token = JsonPath.from(Files.readString(credentials))
                .getString("credentials.'" + Platform.apiUrl() + "'.token");
        assertThat(token).startsWith("menv_ct_");
        assertThat(loggedIn.stdout() + loggedIn.stderr()).doesNotContain(token);

        // The seed's command, with the stored token and no flag beyond the seed's.
        String project = Platform.demoProject();
        Result seed = loggedIn("variables", "get", "--project-id", project, "--environment", "development");
        assertThat(seed.exitCode()).as(seed.stderr()).isZero();
        assertThat(seed.stdout()).containsPattern("(?m)^DATABASE_URL=.");
        Result seedJson = loggedIn("variables", "get", "--project-id", project, "--environment", "development", "--format", "json");
        assertThat(JsonPath.from(seedJson.stdout()).getString("projectId")).isEqualTo(project);
        assertThat(JsonPath.from(seedJson.stdout()).getString("environment")).isEqualTo("development");
        assertThat(JsonPath.from(seedJson.stdout()).getMap("variables")).containsKey("DATABASE_URL");
        Result whoami = loggedIn("whoami");
        assertThat(whoami.stdout()).contains("credential: CLI token menv_ct_").contains("expires: ");

        // A project of its own: the commands a developer runs, and the exit codes of the API's refusals.
        // A CLI token speaks for its person, so it may create a project (the person becomes its owner).
        Result created = loggedIn("projects", "create", "cli-e2e " + device);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String mine = created.stdout().strip();
        assertThat(loggedIn("projects", "list").stdout()).contains(mine).contains("owner");
        assertThat(loggedIn("projects", "get", mine).stdout()).contains("name: cli-e2e " + device);
        Result qa = loggedIn("environments", "create", "--project-id", mine, "qa");
        assertThat(qa.exitCode()).as(qa.stderr()).isZero();
        Result qaAgain = loggedIn("environments", "create", "--project-id", mine, "qa");
        assertThat(qaAgain.exitCode()).as("409 from the API: conflict").isEqualTo(7);
        Result renamed = loggedIn("environments", "rename", "--project-id", mine, "qa", "qa2");
        assertThat(renamed.exitCode()).as(renamed.stderr()).isZero();
        assertThat(loggedIn("environments", "protect", "--project-id", mine, "qa2").exitCode()).isZero();
        assertThat(loggedIn("environments", "list", "--project-id", mine).stdout()).containsPattern("qa2\\s+yes");

        Result set = microenv(Map.of(), "line one\nline two", "variables", "set", "--project-id", mine, "--environment", "qa2",
                "CERT", "PORT=8080");
        assertThat(set.exitCode()).as(set.stderr()).isZero();
        assertThat(loggedIn("variables", "set", "--project-id", mine, "--environment", "qa2", "PORT=9090").exitCode()).isZero();
        Result list = loggedIn("variables", "list", "--project-id", mine, "--environment", "qa2");
        assertThat(list.stdout()).contains("CERT").contains("PORT").doesNotContain("8080").doesNotContain("line one");
        Result history = loggedIn("variables", "history", "--project-id", mine, "--environment", "qa2", "PORT");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        assertThat(history.stdout()).containsPattern("(?m)^2\\s").containsPattern("(?m)^1\\s");
        Result rollback = loggedIn("variables", "rollback", "--project-id", mine, "--environment", "qa2", "PORT", "--version", "1");
        assertThat(rollback.exitCode()).as(rollback.stderr()).isZero();
        assertThat(loggedIn("variables", "get", "--project-id", mine, "--environment", "qa2", "PORT").stdout()).isEqualTo("8080");
        Result docker = loggedIn("variables", "get", "--project-id", mine, "--environment", "qa2", "--format", "docker");
        assertThat(docker.exitCode()).as("422 from the API (a line break docker cannot hold): other error").isEqualTo(1);

        String invitee = "cli-e2e-" + UUID.randomUUID() + "@example.com";
        Result member = loggedIn("members", "add", "--project-id", mine, invitee, "--role", "viewer");
        assertThat(member.exitCode()).as(member.stderr()).isZero();
        assertThat(loggedIn("members", "list", "--project-id", mine).stdout()).contains("owner").contains("invited");
        Result cancelled = loggedIn("members", "remove", "--project-id", mine, invitee);
        assertThat(cancelled.exitCode()).as(cancelled.stderr()).isZero();
        assertThat(loggedIn("members", "list", "--project-id", mine).stdout()).doesNotContain(invitee);
        assertThat(loggedIn("tokens", "list").stdout()).contains(device).contains("(this one)");

        Result key = loggedIn("api-keys", "create", "--project-id", mine, "--name", "ci", "--permissions", "read",
                "--environments", "qa2", "--expires", "1d");
        assertThat(key.exitCode()).as(key.stderr()).isZero();
        String apiKey = key.stdout().strip();
        assertThat(apiKey).startsWith("menv_sk_");
        assertThat(key.stderr()).contains("only time").doesNotContain(apiKey);
        assertThat(loggedIn("api-keys", "list", "--project-id", mine).stdout()).contains("ci").doesNotContain(apiKey);
        Result badCidr = loggedIn("api-keys", "create", "--project-id", mine, "--name", "ci", "--cidr", "10.0.0.0/99");
        assertThat(badCidr.exitCode()).as("400 from the API: other error").isEqualTo(1);
        // MICROENV_TOKEN with the new API key, no config file at all.
        Result withKey = microenv(Map.of("MICROENV_TOKEN", apiKey, "XDG_CONFIG_HOME", dir.resolve("empty").toString()), "",
                "variables", "get", "--project-id", mine, "--environment", "qa2", "PORT");
        assertThat(withKey.exitCode()).as(withKey.stderr()).isZero();
        assertThat(withKey.stdout()).isEqualTo("8080");
        Result readOnly = microenv(Map.of("MICROENV_TOKEN", apiKey), "", "variables", "set", "--project-id", mine,
                "--environment", "qa2", "PORT=1");
        assertThat(readOnly.exitCode()).as(readOnly.stderr()).isEqualTo(5);

        // Rotation without grace: the new key works, the old one stops; revocation stops the new one.
        String keyId = JsonPath.from(loggedIn("api-keys", "list", "--project-id", mine, "--json").stdout())
                .getString("find { it.name == 'ci' }.id");
        Result rotated = loggedIn("api-keys", "rotate", "--project-id", mine, keyId);
        assertThat(rotated.exitCode()).as(rotated.stderr()).isZero();
        String newKey = rotated.stdout().strip();
        assertThat(newKey).startsWith("menv_sk_").isNotEqualTo(apiKey);
        assertThat(microenv(Map.of("MICROENV_TOKEN", newKey), "", "variables", "get", "--project-id", mine,
                "--environment", "qa2", "PORT").stdout()).isEqualTo("8080");
        await().atMost(20, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).until(() -> microenv(
                Map.of("MICROENV_TOKEN", apiKey), "", "variables", "list", "--project-id", mine, "--environment", "qa2")
                .exitCode() == 3);
        String newId = JsonPath.from(loggedIn("api-keys", "list", "--project-id", mine, "--json").stdout())
                .getString("find { it.status == 'active' }.id");
        assertThat(loggedIn("api-keys", "revoke", "--project-id", mine, newId).exitCode()).isZero();
        await().atMost(20, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).until(() -> microenv(
                Map.of("MICROENV_TOKEN", newKey), "", "variables", "list", "--project-id", mine, "--environment", "qa2")
                .exitCode() == 3);

        Result audit = await().atMost(30, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
                .until(() -> loggedIn("audit", "list", "--project-id", mine, "--type", "variable.read", "--json"),
                        r -> r.exitCode() == 0 && JsonPath.from(r.stdout()).getList("events").size() >= 1);
        assertThat(audit.stdout()).doesNotContain("8080");
        Result auditTable = loggedIn("audit", "list", "--project-id", mine, "--limit", "5");
        assertThat(auditTable.stdout()).startsWith("TIME");
        Process follow = start(Map.of(), "audit", "list", "--project-id", mine, "--follow", "--interval", "1s");
        follow.getOutputStream().close();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> Files.readString(dir.resolve("stdout")).startsWith("TIME"));
        Thread.sleep(1500); // at least one poll
        new ProcessBuilder("kill", "-INT", Long.toString(follow.pid())).start().waitFor();
        Result followed = finish(follow);
        assertThat(followed.exitCode()).as("Ctrl-C ends --follow cleanly: " + followed.stderr()).isZero();
        assertThat(followed.stderr()).doesNotContain("Exception");
        assertThat(loggedIn("environments", "delete", "--project-id", mine, "qa2", "--yes").exitCode()).isZero();
        assertThat(loggedIn("variables", "list", "--project-id", mine, "--environment", "qa2").exitCode())
                .as("a deleted environment: not found").isEqualTo(6);

        // logout revokes at the server: the old token, presented again, is refused.
        Result logout = loggedIn("logout");
        assertThat(logout.exitCode()).as(logout.stderr()).isZero();
        assertThat(JsonPath.from(Files.readString(credentials)).getMap("credentials")).doesNotContainKey(Platform.apiUrl());
        assertThat(loggedIn("whoami").exitCode()).as("no stored token any more").isEqualTo(3);
        await().atMost(20, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).untilAsserted(() -> {
            Result old = microenv(Map.of("MICROENV_TOKEN", token), "",
                    "variables", "get", "--project-id", project, "--environment", "development");
            assertThat(old.exitCode()).as(old.stderr()).isEqualTo(3);
            assertThat(old.stderr()).contains("401");
        });
    }

    @Test
    void runForwardsSigtermToTheCommandAndPassesItsExitCode() throws Exception {
        Process run = start(Map.of("MICROENV_TOKEN", Platform.demoKey()), "run", "--project-id", Platform.demoProject(),
                "--environment", "development", "--", "sh", "-c",
                "trap 'exit 42' TERM; test -n \"$DATABASE_URL\" && echo ready; while :; do sleep 0.1; done");
        run.getOutputStream().close();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> Files.readString(dir.resolve("stdout")).contains("ready"));

        run.destroy(); // SIGTERM to microenv (the launcher execs the JVM), which passes it on to sh

        Result result = finish(run);
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(42);
    }
}
