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

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code projects}, {@code environments}, {@code members}, {@code variables list|history|rollback},
 * {@code api-keys} and {@code audit list} against a stub of the API: the requests they send, what they print, their
 * exit codes.
 */
class ResourceCommandsHttpTest {

    private static final String P = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";
    private static final String PROJECT = "/v1/projects/" + P;
    private static final String KEY_VIEW = "{\"id\":\"key_old\",\"name\":\"ci\",\"prefix\":\"menv_sk_\",\"suffix\":\"abc123\","
            + "\"permissions\":[\"read\"],\"environments\":[\"*\"],\"status\":\"active\",\"createdAt\":\"2025-05-01T00:00:00Z\"}";

    @TempDir
    Path config;

    private StubApi api;
    private String token;

    @BeforeEach
    void startStub() throws Exception {
        api = new StubApi();
        token = Tokens.cliToken();
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    private CliRunner cli() {
        return new CliRunner(config).env("MICROENV_API_URL", api.url()).env("MICROENV_TOKEN", token);
    }

    private Request only() {
        assertThat(api.requests()).hasSize(1);
        return api.requests().get(0);
    }

    // --- projects ---

    @Test
    void projectsListPrintsATableAndJsonAsTheApiSentIt() {
        api.json("GET", "/v1/projects", 200, "[{\"id\":\"" + P + "\",\"name\":\"Demo\",\"ownerId\":\"u1\","
                + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"role\":\"owner\"}]");

        Result table = cli().run("projects", "list");
        Result json = cli().run("projects", "list", "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("ID").contains("NAME", "ROLE").contains(P).contains("Demo").contains("owner");
        assertThat(json.out()).contains("\"role\" : \"owner\"");
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void projectsCreatePrintsTheNewIdAloneOnStdout() {
        api.json("POST", "/v1/projects", 201, "{\"id\":\"" + P + "\",\"name\":\"Shop\",\"ownerId\":\"u1\"}");

        Result result = cli().run("projects", "create", "Shop");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(P + "\n");
        assertThat(result.err()).contains("microenv setup --project-id " + P);
        assertThat(only().body()).isEqualTo("{\"name\":\"Shop\"}");
    }

    @Test
    void projectsGetFallsBackToTheProjectOfTheEnvironmentAndMapsA404ToSix() {
        api.json("GET", PROJECT, 200, "{\"id\":\"" + P + "\",\"name\":\"Demo\"}");

        Result found = cli().env("MICROENV_PROJECT_ID", P).run("projects", "get");
        Result missing = cli().run("projects", "get", "00000000-0000-4000-8000-000000000000");
        Result none = cli().run("projects", "get");

        assertThat(found.out()).contains("id: " + P).contains("name: Demo");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("missing --project-id");
    }

    // --- environments ---

    @Test
    void environmentsListCreateRenameProtectAndDelete() {
        api.json("GET", PROJECT + "/environments", 200,
                "[{\"name\":\"development\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"protected\":false},"
                        + "{\"name\":\"production\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"protected\":true}]");
        api.json("POST", PROJECT + "/environments", 201, "{\"name\":\"qa\",\"protected\":true}");
        api.json("PATCH", PROJECT + "/environments/qa", 200, "{\"name\":\"qa2\",\"protected\":true}");
        api.json("PATCH", PROJECT + "/environments/qa2", 200, "{\"name\":\"qa2\",\"protected\":false}");
        api.respond("DELETE", PROJECT + "/environments/qa2", new StubApi.Response(204, "application/json", ""));

        Result list = cli().run("environments", "list", "--project-id", P);
        Result create = cli().run("environments", "create", "--project-id", P, "qa", "--protected");
        Result rename = cli().run("environments", "rename", "--project-id", P, "qa", "qa2");
        Result unprotect = cli().run("environments", "unprotect", "--project-id", P, "qa2");
        Result refused = cli().run("environments", "delete", "--project-id", P, "qa2");
        Result delete = cli().run("environments", "delete", "--project-id", P, "qa2", "--yes");

        assertThat(list.out()).containsPattern("production\\s+yes").containsPattern("development\\s+no");
        assertThat(create.out()).isEqualTo("qa: created (protected)\n");
        assertThat(rename.exitCode()).as(rename.err()).isZero();
        assertThat(rename.out()).isEqualTo("qa: renamed to qa2\n");
        assertThat(unprotect.out()).isEqualTo("qa2: unprotected\n");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--yes");
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(delete.out()).isEqualTo("qa2: deleted\n");
        List<Request> sent = api.requests();
        assertThat(sent).extracting(Request::method).containsExactly("GET", "POST", "PATCH", "PATCH", "DELETE");
        assertThat(sent.get(1).body()).isEqualTo("{\"name\":\"qa\",\"protected\":true}");
        assertThat(sent.get(2).body()).isEqualTo("{\"name\":\"qa2\"}");
        assertThat(sent.get(2).header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(sent.get(2).header("User-Agent")).startsWith("microenv-cli/");
        assertThat(sent.get(3).body()).isEqualTo("{\"protected\":false}");
    }

    @Test
    void environmentsCreateMapsPermissionAndConflictAndRefusesABadNameBeforeSending() {
        api.problem("POST", PROJECT + "/environments", 409, "Conflict", "environment qa exists");

        Result conflict = cli().run("environments", "create", "--project-id", P, "qa");
        Result badName = cli().run("environments", "create", "--project-id", P, "QA!");

        assertThat(conflict.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(conflict.err()).contains("409 Conflict — environment qa exists");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(api.requests()).hasSize(1);
    }

    // --- members ---

    @Test
    void membersListAddSetRoleAndRemoveByEmail() {
        String members = "[{\"userId\":\"u-1\",\"email\":\"ada@example.com\",\"name\":\"Ada\",\"role\":\"developer\","
                + "\"status\":\"active\",\"since\":\"2025-01-01T00:00:00Z\"},"
                + "{\"userId\":null,\"email\":\"bob@example.com\",\"role\":\"viewer\",\"status\":\"invited\"}]";
        api.json("GET", PROJECT + "/members", 200, members);
        api.json("POST", PROJECT + "/members", 201, "{\"email\":\"cy@example.com\",\"role\":\"viewer\",\"status\":\"invited\"}");
        api.json("PATCH", PROJECT + "/members/u-1", 200, "{\"userId\":\"u-1\",\"role\":\"admin\"}");
        api.respond("DELETE", PROJECT + "/members/u-1", new StubApi.Response(204, "application/json", ""));
        api.respond("DELETE", PROJECT + "/invitations/bob%40example.com", new StubApi.Response(204, "application/json", ""));

        Result list = cli().run("members", "list", "--project-id", P);
        Result add = cli().run("members", "add", "--project-id", P, "cy@example.com", "--role", "viewer");
        Result setRole = cli().run("members", "set-role", "--project-id", P, "ada@example.com", "--role", "ADMIN");
        Result remove = cli().run("members", "remove", "--project-id", P, "u-1");
        Result cancel = cli().run("members", "remove", "--project-id", P, "bob@example.com");
        Result unknown = cli().run("members", "remove", "--project-id", P, "zed@example.com");
        Result badRole = cli().run("members", "add", "--project-id", P, "cy@example.com", "--role", "god");

        assertThat(list.out()).contains("USER ID").contains("ada@example.com").containsPattern("bob@example.com\\s+-\\s+viewer\\s+invited");
        assertThat(add.out()).isEqualTo("cy@example.com: invited as viewer\n");
        assertThat(setRole.exitCode()).as(setRole.err()).isZero();
        assertThat(setRole.out()).isEqualTo("ada@example.com: admin\n");
        assertThat(remove.out()).isEqualTo("u-1: removed\n");
        assertThat(cancel.out()).isEqualTo("bob@example.com: invitation cancelled\n");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(badRole.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(api.requests()).filteredOn(r -> r.method().equals("POST")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"email\":\"cy@example.com\",\"role\":\"viewer\"}"));
        assertThat(api.requests()).filteredOn(r -> r.method().equals("PATCH")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"role\":\"admin\"}"));
        assertThat(api.requests()).filteredOn(r -> r.method().equals("DELETE")).extracting(Request::path)
                .containsExactly(PROJECT + "/members/u-1", PROJECT + "/invitations/bob%40example.com");
    }

    @Test
    void aRefusedMemberChangeIsThePermissionExitCode() {
        api.problem("POST", PROJECT + "/members", 403, "Forbidden", "only an admin may add members");

        Result result = cli().run("members", "add", "--project-id", P, "cy@example.com", "--role", "owner");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PERMISSION);
        assertThat(result.err()).contains("403 Forbidden — only an admin may add members");
    }

    // --- variables list, history, rollback ---

    @Test
    void variablesListShowsNamesAndNotesButAsksForNoValues() {
        String path = PROJECT + "/environments/development/variables";
        api.json("GET", path, 200, "{\"projectId\":\"" + P + "\",\"environment\":\"development\",\"variables\":["
                + "{\"name\":\"DATABASE_URL\",\"version\":3,\"updatedAt\":\"2025-01-01T00:00:00Z\",\"updatedBy\":\"ada\",\"note\":\"primary\"}]}");

        Result result = cli().run("variables", "list", "--project-id", P, "--environment", "development");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(only().query()).isEqualTo("names_only=true");
        assertThat(result.out()).contains("NAME").containsPattern("DATABASE_URL\\s+3\\s+2025-01-01T00:00:00Z\\s+ada\\s+primary");
    }

    @Test
    void variablesHistoryAndRollback() {
        String path = PROJECT + "/environments/development/variables/PORT";
        api.json("GET", path + "/versions", 200, "{\"name\":\"PORT\",\"environment\":\"development\",\"versions\":["
                + "{\"version\":3,\"change\":\"rollback\",\"createdAt\":\"2025-01-03T00:00:00Z\",\"createdBy\":\"ada\",\"restoredFrom\":1,\"current\":true},"
                + "{\"version\":2,\"change\":\"update\",\"createdAt\":\"2025-01-02T00:00:00Z\",\"createdBy\":\"ada\",\"current\":false}]}");
        api.json("POST", path + "/rollback", 201, "{\"name\":\"PORT\",\"version\":4,\"updatedAt\":\"2025-01-04T00:00:00Z\"}");

        Result history = cli().run("variables", "history", "--project-id", P, "--environment", "development", "PORT");
        Result rollback = cli().run("variables", "rollback", "--project-id", P, "--environment", "development", "PORT", "--version", "2");
        Result help = cli().run("variables", "rollback", "--help");
        Result noVersion = cli().run("variables", "rollback", "--project-id", P, "--environment", "development", "PORT");

        assertThat(history.out()).containsPattern("3\\s+rollback \\(from 1\\)\\s+2025-01-03T00:00:00Z\\s+ada\\s+-\\s+\\*");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).isEqualTo("PORT: rolled back to version 2, now version 4\n");
        assertThat(api.requests().get(1).body()).isEqualTo("{\"version\":2}");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--version=N");
        assertThat(noVersion.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    // --- api-keys ---

    @Test
    void apiKeysCreatePrintsTheKeyAloneOnStdoutAndWarnsOnStderr() {
        String key = Tokens.apiKey();
        api.json("POST", PROJECT + "/api-keys", 201, "{\"id\":\"key_new\",\"name\":\"ci\",\"key\":\"" + key + "\","
                + "\"permissions\":[\"read\",\"write\"],\"environments\":[\"staging\"],\"allowedCidrs\":[\"10.0.0.0/8\"]}");

        Result result = cli().run("api-keys", "create", "--project-id", P, "--name", "ci", "--permissions", "read,write",
                "--environments", "staging", "--expires", "30d", "--cidr", "10.0.0.0/8");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(key + "\n");
        assertThat(result.err()).startsWith("warning: this is the only time the key of key_new").doesNotContain(key);
        assertThat(only().body()).isEqualTo("{\"name\":\"ci\",\"permissions\":[\"read\",\"write\"],\"environments\":[\"staging\"],"
                + "\"expiresAt\":\"2025-07-01T12:00:00Z\",\"allowedCidrs\":[\"10.0.0.0/8\"]}");
    }

    @Test
    void apiKeysCreateRefusesBadScopesBeforeSending() {
        Result permission = cli().run("api-keys", "create", "--project-id", P, "--name", "ci", "--permissions", "root");
        Result cidr = cli().run("api-keys", "create", "--project-id", P, "--name", "ci", "--cidr", "everyone");
        Result expires = cli().run("api-keys", "create", "--project-id", P, "--name", "ci", "--expires", "soon");

        assertThat(List.of(permission, cidr, expires)).allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void apiKeysListRevokeAndRotateWithGrace() {
        String key = Tokens.apiKey();
        api.json("GET", PROJECT + "/api-keys", 200, "[" + KEY_VIEW + "]");
        api.json("DELETE", PROJECT + "/api-keys/key_old", 200, KEY_VIEW.replace("active", "revoked"));
        api.json("POST", PROJECT + "/api-keys/key_old/rotate", 201, "{\"id\":\"key_new\",\"name\":\"ci\",\"key\":\"" + key
                + "\",\"permissions\":[\"read\"],\"environments\":[\"*\"],\"rotatedFrom\":{\"id\":\"key_old\",\"status\":\"rotating\","
                + "\"rotatedOutAt\":\"2025-06-01T13:00:00Z\"}}");

        Result list = cli().run("api-keys", "list", "--project-id", P);
        Result revoke = cli().run("api-keys", "revoke", "--project-id", P, "key_old");
        Result rotate = cli().run("api-keys", "rotate", "--project-id", P, "key_old", "--grace", "1h");
        Result tooLong = cli().run("api-keys", "rotate", "--project-id", P, "key_old", "--grace", "2d");

        assertThat(list.out()).contains("menv_sk_…abc123").containsPattern("key_old\\s+ci\\s+menv_sk_…abc123\\s+read\\s+\\*\\s+active");
        assertThat(revoke.out()).isEqualTo("key_old: revoked\n");
        assertThat(rotate.out()).isEqualTo(key + "\n");
        assertThat(rotate.err()).contains("keeps working until 2025-06-01T13:00:00Z").doesNotContain(key);
        assertThat(api.requests().get(2).body()).isEqualTo("{\"gracePeriodSeconds\":3600}");
        assertThat(tooLong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(api.requests()).hasSize(3);
    }

    @Test
    void rotatingAKeyThatIsNotActiveIsAConflict() {
        api.problem("POST", PROJECT + "/api-keys/key_old/rotate", 409, "Conflict", "the key is not active");

        assertThat(cli().run("api-keys", "rotate", "--project-id", P, "key_old").exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(only().body()).isEqualTo("{\"gracePeriodSeconds\":0}");
    }

    // --- audit ---

    private static String event(String id, String time, String action) {
        return "{\"id\":\"" + id + "\",\"type\":\"com.microenv." + action + ".v1\",\"time\":\"" + time + "\",\"data\":{"
                + "\"actor\":\"key_1\",\"actorName\":\"ci\",\"action\":\"" + action + "\",\"outcome\":\"success\","
                + "\"environment\":\"production\",\"requestId\":\"req-" + id + "\"}}";
    }

    @Test
    void auditListPassesEveryFilterAndPagesWithTheCursor() {
        api.sequence("GET", PROJECT + "/audit-events",
                new StubApi.Response(200, "application/json", "{\"events\":[" + event("e3", "2025-06-01T11:00:03Z", "variable.read")
                        + "," + event("e2", "2025-06-01T11:00:02Z", "variable.read") + "],\"nextCursor\":\"41\"}"),
                new StubApi.Response(200, "application/json", "{\"events\":[" + event("e1", "2025-06-01T11:00:01Z", "variable.read")
                        + "],\"nextCursor\":null}"));

        Result result = cli().run("audit", "list", "--project-id", P, "--since", "1h", "--until", "2025-06-01T12:00:00Z",
                "--actor", "key_1", "--type", "variable.read", "--environment", "production", "--outcome", "success",
                "--request-id", "req-1", "--limit", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(api.requests()).extracting(Request::query).containsExactly(
                "from=2025-06-01T11%3A00%3A00Z&to=2025-06-01T12%3A00%3A00Z&actor=key_1&action=variable.read"
                        + "&environment=production&outcome=success&requestId=req-1&limit=3",
                "from=2025-06-01T11%3A00%3A00Z&to=2025-06-01T12%3A00%3A00Z&actor=key_1&action=variable.read"
                        + "&environment=production&outcome=success&requestId=req-1&limit=1&cursor=41");
        assertThat(result.out()).startsWith("TIME").contains("req-e3")
                .containsPattern("2025-06-01T11:00:03Z\\s+variable.read\\s+ci\\s+success\\s+production\\s+req-e3");
        assertThat(result.out().indexOf("req-e3")).isLessThan(result.out().indexOf("req-e1"));
    }

    @Test
    void auditListRefusesBadFiltersAndMapsAPermissionRefusal() {
        api.problem("GET", PROJECT + "/audit-events", 403, "Forbidden", "reading audit events needs admin");

        Result outcome = cli().run("audit", "list", "--project-id", P, "--outcome", "maybe");
        Result since = cli().run("audit", "list", "--project-id", P, "--since", "yesterday");
        Result denied = cli().run("audit", "list", "--project-id", P, "--type", "com.microenv.variable.read.v1");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(since.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(denied.exitCode()).isEqualTo(ExitCodes.PERMISSION);
        assertThat(only().query()).isEqualTo("type=com.microenv.variable.read.v1&limit=50");
    }

    @Test
    void auditFollowPrintsTheLatestOldestFirstThenOnlyNewEventsUntilCtrlC() {
        String first = "{\"events\":[" + event("e2", "2025-06-01T11:00:02Z", "variable.read") + ","
                + event("e1", "2025-06-01T11:00:01Z", "variable.read") + "],\"nextCursor\":\"10\"}";
        String second = "{\"events\":[" + event("e4", "2025-06-01T11:00:04Z", "variable.written") + ","
                + event("e3", "2025-06-01T11:00:03Z", "variable.read") + "," + event("e2", "2025-06-01T11:00:02Z", "variable.read")
                + "],\"nextCursor\":\"8\"}";
        api.sequence("GET", PROJECT + "/audit-events",
                new StubApi.Response(200, "application/json", first),
                new StubApi.Response(200, "application/json", first),
                new StubApi.Response(200, "application/json", second));

        Result result = cli().interruptAfterSleeps(4).run("audit", "list", "--project-id", P, "--follow", "--limit", "2",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).extracting(line -> line.substring(0, 10)).containsExactly(
                "{\"id\":\"e1\"", "{\"id\":\"e2\"", "{\"id\":\"e3\"", "{\"id\":\"e4\"");
    }
}
