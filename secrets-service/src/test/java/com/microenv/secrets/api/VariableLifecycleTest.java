package com.microenv.secrets.api;

import com.microenv.secrets.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Environments, versions, bulk changes, uploads and references through the API, against the real PostgreSQL and Kafka. */
@QuarkusTest
class VariableLifecycleTest {

    private final UUID project = UUID.randomUUID();
    private final String developer = TestTokens.forProject(project).permissions("read", "write").sign();
    private final String admin = TestTokens.forProject(project).permissions("read", "write", "admin").sign();

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private String environments() {
        return "/v1/projects/" + project + "/environments";
    }

    private String variables(String environment) {
        return environments() + "/" + environment + "/variables";
    }

    private Response put(String token, String environment, String name, Map<String, ?> body) {
        return as(token).contentType(ContentType.JSON).body(body).put(variables(environment) + "/" + name);
    }

    private Response put(String environment, String name, String value) {
        return put(admin, environment, name, Map.of("value", value));
    }

    @Test
    void concurrentCreatesUpdatesAndDeletesOfOneNameNeverFailAndLeaveAGapFreeHistory() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 36; i++) {
                int n = i;
                calls.add(CompletableFuture.supplyAsync(() -> n % 6 == 5
                        ? as(admin).delete(variables("development") + "/RACE").statusCode()
                        : put("development", "RACE", "v" + n).statusCode(), pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> call : calls) {
                statuses.add(call.get());
            }
            assertThat(statuses).allMatch(status -> status == 200 || status == 201 || status == 204 || status == 404);
            assertThat(statuses.stream().filter(s -> s == 200 || s == 201).count()).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
        List<Integer> versions = as(admin).get(variables("development") + "/RACE/versions").then().statusCode(200)
                .extract().jsonPath().getList("versions.version", Integer.class);
        assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, 30).map(v -> 31 - v)
                .mapToObj(v -> (int) v).toList());
    }

    @Test
    void staleIfMatchIsRefusedWith412NamingTheCurrentVersion() {
        put("staging", "PORT", "1").then().statusCode(201);
        put("staging", "PORT", "2").then().statusCode(200);

        as(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("value", "3"))
                .put(variables("staging") + "/PORT").then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("currentVersion", equalTo(2));
    }

    @Test
    void environmentsAreCreatedRenamedProtectedAndDeletedByAdminsOnly() {
        as(developer).contentType(ContentType.JSON).body(Map.of("name", "qa")).post(environments()).then()
                .statusCode(403);
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "qa")).post(environments()).then()
                .statusCode(201).body("name", equalTo("qa")).body("protected", equalTo(false));
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "qa")).post(environments()).then()
                .statusCode(409);
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "Bad Name")).post(environments()).then()
                .statusCode(400);
        put("qa", "SECRET", "kept across the rename").then().statusCode(201);
        put("qa", "SECRET", "second").then().statusCode(200);

        as(admin).contentType(ContentType.JSON).body(Map.of("name", "uat")).patch(environments() + "/qa").then()
                .statusCode(200).body("name", equalTo("uat"));

        as(admin).get(variables("qa")).then().statusCode(404);
        as(admin).get(variables("uat") + "/SECRET").then().statusCode(200)
                .body("value", equalTo("second")).body("version", equalTo(2));
        as(admin).get(variables("uat") + "/SECRET/versions/1").then().statusCode(200)
                .body("value", equalTo("kept across the rename"));

        as(admin).delete(environments() + "/uat").then().statusCode(204);
        as(admin).get(environments()).then().statusCode(200)
                .body("name", equalTo(List.of("development", "production", "staging")));
        as(admin).get(variables("uat")).then().statusCode(404);
    }

    @Test
    void aProtectedEnvironmentTakesWritesOnlyFromAdmins() {
        as(admin).contentType(ContentType.JSON).body(Map.of("protected", true)).patch(environments() + "/production")
                .then().statusCode(200).body("protected", equalTo(true));

        put(developer, "production", "DB", Map.of("value", "x")).then().statusCode(403)
                .body("detail", containsString("protected"));
        put(developer, "development", "DB", Map.of("value", "x")).then().statusCode(201);
        put(admin, "production", "DB", Map.of("value", "x")).then().statusCode(201);
        as(developer).delete(variables("production") + "/DB").then().statusCode(403);
        as(developer).get(variables("production")).then().statusCode(200).body("variables.DB", equalTo("x"));
    }

    @Test
    void historyKeepsEveryVersionAndRollbackWritesTheOldValueAsANewVersion() {
        put(admin, "development", "API_URL", Map.of("value", "one", "note", "first try")).then().statusCode(201);
        put("development", "API_URL", "two").then().statusCode(200);
        as(admin).delete(variables("development") + "/API_URL").then().statusCode(204);
        put("development", "API_URL", "three").then().statusCode(201).body("version", equalTo(3));

        as(admin).contentType(ContentType.JSON).body(Map.of("version", 1))
                .post(variables("development") + "/API_URL/rollback").then()
                .statusCode(200).body("version", equalTo(4));

        as(admin).get(variables("development") + "/API_URL").then()
                .body("value", equalTo("one")).body("version", equalTo(4)).body("note", equalTo("first try"));
        as(admin).get(variables("development") + "/API_URL/versions").then().statusCode(200)
                .body("versions.version", equalTo(List.of(4, 3, 2, 1)))
                .body("versions[0].change", equalTo("rolled_back"))
                .body("versions[0].restoredFrom", equalTo(1))
                .body("versions[0].current", equalTo(true))
                .body("versions[2].deletedAt", org.hamcrest.Matchers.notNullValue())
                .body("versions[3].credentialId", org.hamcrest.Matchers.notNullValue())
                .body("versions[3].note", equalTo("first try"));
        as(admin).get(variables("development") + "/API_URL/versions/2").then().statusCode(200)
                .body("value", equalTo("two"));
        as(admin).get(variables("development") + "/API_URL/versions/9").then().statusCode(404);
    }

    @Test
    void namesOnlyListsMetadataAndNotes() {
        put(admin, "development", "WITH_NOTE", Map.of("value", "secret-value", "note", "rotated monthly")).then()
                .statusCode(201);

        String body = as(developer).queryParam("names_only", "true").get(variables("development")).then()
                .statusCode(200)
                .body("variables.name", equalTo(List.of("WITH_NOTE")))
                .body("variables[0].note", equalTo("rotated monthly"))
                .body("variables[0].version", equalTo(1))
                .extract().asString();
        assertThat(body).doesNotContain("secret-value");
    }

    @Test
    void bulkChangeIsAllOrNothing() {
        put("development", "KEEP", "k").then().statusCode(201);
        put("development", "GONE", "g").then().statusCode(201);

        as(admin).contentType(ContentType.JSON)
                .body(Map.of("set", Map.of("NEW_ONE", "1", "KEEP", "k2"), "delete", List.of("GONE", "MISSING")))
                .patch(variables("development")).then().statusCode(404);
        as(admin).get(variables("development")).then()
                .body("variables", equalTo(Map.of("KEEP", "k", "GONE", "g")));

        as(admin).contentType(ContentType.JSON)
                .body(Map.of("set", Map.of("NEW_ONE", "1", "KEEP", Map.of("value", "k2", "note", "n")),
                        "delete", List.of("GONE")))
                .patch(variables("development")).then().statusCode(200)
                .body("written.name", hasItems("NEW_ONE", "KEEP"))
                .body("deleted", equalTo(List.of("GONE")));
        as(admin).get(variables("development")).then()
                .body("variables", equalTo(Map.of("KEEP", "k2", "NEW_ONE", "1")));
    }

    @Test
    void anUploadedDotenvFileSetsTheChangedVariablesAndABadLineIsA400WithItsNumber() {
        put("staging", "SAME", "unchanged").then().statusCode(201);
        String file = "# comment\nexport SAME=unchanged\nMULTI=\"a\nb\"\nQUOTED='x # y'\n";

        as(admin).contentType("text/plain").body(file).post(variables("staging") + "/import").then()
                .statusCode(200)
                .body("written.name", equalTo(List.of("MULTI", "QUOTED")))
                .body("unchanged", equalTo(List.of("SAME")));
        as(admin).get(variables("staging")).then()
                .body("variables", equalTo(Map.of("SAME", "unchanged", "MULTI", "a\nb", "QUOTED", "x # y")));

        String problem = as(admin).contentType("text/plain").body("A=1\nB=2\nthis-is-secret-garbage\n")
                .post(variables("staging") + "/import").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("line 3"))
                .extract().asString();
        assertThat(problem).doesNotContain("secret-garbage");
        as(admin).get(variables("staging") + "/A").then().statusCode(404);
    }

    @Test
    void everyDownloadFormatUploadsBackToTheSameValues() {
        Map<String, String> values = Map.of("A", "it's \"q\"", "B", "multi\nline $HOME", "C", "", "D", " spaced ");
        values.forEach((name, value) -> put("development", name, value).then().statusCode(201));
        for (String format : List.of("env", "json", "yaml")) {
            String body = as(admin).queryParam("format", format).get(variables("development")).then().statusCode(200)
                    .extract().asString();
            as(admin).contentType("text/plain").queryParam("format", format).body(body)
                    .post(variables("staging") + "/import").then().statusCode(200);
            as(admin).get(variables("staging")).then().body("variables", equalTo(values));
        }
    }

    @Test
    void referencesResolveWithTheReadersRightsAndCyclesAreRefused() {
        put("production", "DB_HOST", "db.internal").then().statusCode(201);
        put("staging", "DB_HOST", "db.staging").then().statusCode(201);
        put("development", "USER", "app").then().statusCode(201);
        put("development", "URL", "postgres://${USER}@${staging.DB_HOST}/x?literal=$${USER}").then().statusCode(201);

        as(admin).get(variables("development") + "/URL").then().statusCode(200)
                .body("value", equalTo("postgres://app@db.staging/x?literal=${USER}"));
        as(admin).queryParam("resolve", "false").get(variables("development") + "/URL").then()
                .body("value", equalTo("postgres://${USER}@${staging.DB_HOST}/x?literal=$${USER}"));

        String developmentOnly = TestTokens.forProject(project).environments("development").sign();
        as(developmentOnly).get(variables("development") + "/URL").then().statusCode(403)
                .body("detail", containsString("staging"));

        put("development", "PROD_LEAK", "${production.DB_HOST}").then().statusCode(201);
        String body = as(developmentOnly).get(variables("development")).then().statusCode(403).extract().asString();
        assertThat(body).doesNotContain("db.internal");

        put("development", "A", "${B}").then().statusCode(201);
        put("development", "B", "${A}").then().statusCode(400)
                .body("detail", containsString("development.B → development.A → development.B"));
        as(admin).get(variables("development") + "/B").then().statusCode(404);
    }
}
