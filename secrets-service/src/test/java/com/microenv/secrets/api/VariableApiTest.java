package com.microenv.secrets.api;

import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class VariableApiTest {

    @Inject
    AgroalDataSource database;

    private final UUID project = UUID.randomUUID();
    private final String token = TestTokens.forProject(project).sign();

    private RequestSpecification api() {
        return given().auth().oauth2(token);
    }

    private String variables(String environment) {
        return "/v1/projects/" + project + "/environments/" + environment + "/variables";
    }

    private Response put(String environment, String name, String value) {
        return api().contentType(ContentType.JSON).body(Map.of("value", value))
                .put(variables(environment) + "/" + name);
    }

    @Test
    void writtenVariablesAreReadBackAsTheSeedsJson() {
        put("production", "DATABASE_URL", "postgres://db/app").then().statusCode(201);
        put("production", "API_TOKEN", "tok-123").then().statusCode(201);

        api().get(variables("production")).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("projectId", equalTo(project.toString()))
                .body("environment", equalTo("production"))
                .body("variables", equalTo(Map.of("DATABASE_URL", "postgres://db/app", "API_TOKEN", "tok-123")));
    }

    @Test
    void envFormatEscapesValuesForDotenv() {
        put("staging", "GREETING", "say \"hi\"\nto $USER").then().statusCode(201);
        put("staging", "PLAIN", "x").then().statusCode(201);

        String body = api().queryParam("format", "env").get(variables("staging")).then()
                .statusCode(200)
                .contentType(ContentType.TEXT)
                .extract().asString();

        assertThat(body).isEqualTo("GREETING='say \"hi\"\nto $USER'\nPLAIN=x\n");
    }

    @Test
    void yamlAndDockerFormatsRenderTheValues() {
        put("development", "A", "1: two").then().statusCode(201);

        assertThat(api().queryParam("format", "yaml").get(variables("development")).then().statusCode(200)
                .extract().asString()).isEqualTo("\"A\": \"1: two\"\n");
        assertThat(api().queryParam("format", "docker").get(variables("development")).then().statusCode(200)
                .extract().asString()).isEqualTo("A=1: two\n");
    }

    @Test
    void dockerFormatRefusesMultilineValuesWithoutEchoingThem() {
        put("development", "CERT", "line1\nsecret-line2").then().statusCode(201);

        String body = api().queryParam("format", "docker").get(variables("development")).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .extract().asString();
        assertThat(body).contains("CERT").doesNotContain("secret-line2");
    }

    @Test
    void unknownFormatIsAProblem() {
        api().queryParam("format", "xml").get(variables("development")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/validation"));
    }

    @Test
    void singleVariableIsReadWithItsVersion() {
        put("production", "PORT", "8080").then().statusCode(201).header("ETag", "\"1\"");

        api().get(variables("production") + "/PORT").then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo("PORT"))
                .body("value", equalTo("8080"))
                .body("version", equalTo(1))
                .body("updatedAt", notNullValue());
    }

    @Test
    void updateAnswers200WithTheNextVersionAndNeverTheValue() {
        put("production", "PORT", "8080").then().statusCode(201).body("version", equalTo(1));

        put("production", "PORT", "9090").then()
                .statusCode(200)
                .body("name", equalTo("PORT"))
                .body("version", equalTo(2))
                .body("updatedAt", notNullValue())
                .body("$", not(hasKey("value")));
        api().get(variables("production") + "/PORT").then().body("value", equalTo("9090"));
    }

    @Test
    void ifMatchWithAStaleVersionIsRefusedWith412AndChangesNothing() {
        put("production", "PORT", "8080").then().statusCode(201);
        put("production", "PORT", "9090").then().statusCode(200);

        api().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("value", "7070"))
                .put(variables("production") + "/PORT").then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/precondition-failed"))
                .body("status", equalTo(412))
                .body("requestId", notNullValue());
        api().get(variables("production") + "/PORT").then().body("value", equalTo("9090")).body("version", equalTo(2));

        api().contentType(ContentType.JSON).header("If-Match", "\"2\"").body(Map.of("value", "7070"))
                .put(variables("production") + "/PORT").then().statusCode(200).body("version", equalTo(3));
    }

    @Test
    void deletedVariableIsGoneAndARecreatedOneContinuesTheNumbering() {
        put("production", "OLD", "a").then().statusCode(201);
        put("production", "OLD", "b").then().statusCode(200);

        api().delete(variables("production") + "/OLD").then().statusCode(204);

        api().get(variables("production") + "/OLD").then().statusCode(404).contentType("application/problem+json");
        api().delete(variables("production") + "/OLD").then().statusCode(404);
        put("production", "OLD", "c").then().statusCode(201).body("version", equalTo(3));
    }

    @Test
    void environmentsAreMadeOnFirstUseAndListedByName() {
        api().get("/v1/projects/" + project + "/environments").then()
                .statusCode(200)
                .body("name", equalTo(List.of("development", "production", "staging")))
                .body("[0].createdAt", notNullValue());
    }

    @Test
    void environmentListShowsOnlyTheEnvironmentsTheTokenGrants() {
        String stagingOnly = TestTokens.forProject(project).environments("staging").sign();

        given().auth().oauth2(stagingOnly).get("/v1/projects/" + project + "/environments").then()
                .statusCode(200)
                .body("name", equalTo(List.of("staging")));
    }

    @Test
    void unknownEnvironmentIsNotFound() {
        api().get(variables("qa")).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/not-found"))
                .body("instance", equalTo(variables("qa")));
        put("qa", "A", "1").then().statusCode(404);
    }

    @Test
    void concurrentFirstUsesProvisionTheProjectOnce() throws Exception {
        UUID fresh = UUID.randomUUID();
        String freshToken = TestTokens.forProject(fresh).sign();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(freshToken)
                        .contentType(ContentType.JSON).body(Map.of("value", "v" + n))
                        .put("/v1/projects/" + fresh + "/environments/development/variables/VAR_" + n)
                        .statusCode(), pool));
            }
            for (CompletableFuture<Integer> call : calls) {
                assertThat(call.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count("SELECT count(*) FROM project_keys WHERE project_id = ?", fresh)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM environments WHERE project_id = ?", fresh)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM variables WHERE project_id = ?", fresh)).isEqualTo(8);
    }

    @Test
    void theDatabaseHoldsNoPlaintextValue() throws SQLException {
        String value = "plaintext-marker-" + UUID.randomUUID();
        put("production", "SECRET_ONE", value).then().statusCode(201);
        put("production", "SECRET_ONE", value + "-v2").then().statusCode(200);

        byte[] marker = value.getBytes(StandardCharsets.UTF_8);
        List<byte[]> stored = new ArrayList<>();
        stored.addAll(columns("SELECT * FROM variables WHERE project_id = ?"));
        stored.addAll(columns("SELECT * FROM variable_versions WHERE project_id = ?"));
        stored.addAll(columns("SELECT * FROM outbox WHERE event_key = ?"));
        stored.addAll(columns("SELECT * FROM project_keys WHERE project_id = ?"));

        assertThat(count("SELECT count(*) FROM variable_versions WHERE project_id = ?", project)).isEqualTo(2);
        assertThat(stored).isNotEmpty().allSatisfy(bytes -> assertThat(indexOf(bytes, marker))
                .as("a column holds the plaintext").isEqualTo(-1));
    }

    @Test
    void invalidNamesAreRefusedAndNothingIsStored() {
        for (String name : List.of("lower_case", "1STARTS_WITH_DIGIT", "HAS-DASH", "A".repeat(257))) {
            put("production", name, "x").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://microenv.dev/problems/validation"));
        }
        put("Bad_Env", "OK_NAME", "x").then().statusCode(400).contentType("application/problem+json");

        api().get(variables("production")).then().statusCode(200).body("variables", equalTo(Map.of()));
    }

    @Test
    void oversizedValueIsRefusedWith413AndNotStored() {
        put("production", "BIG", "x".repeat(64 * 1024 + 1)).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/payload-too-large"));
        put("production", "MAX", "x".repeat(64 * 1024)).then().statusCode(201);

        api().get(variables("production")).then().body("variables", not(hasKey("BIG")));
    }

    @Test
    void bodyOverOneMebibyteIsRefusedWith413() {
        api().contentType(ContentType.JSON)
                .body("{\"value\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}")
                .put(variables("production") + "/HUGE").then()
                .statusCode(413)
                .contentType("application/problem+json");

        api().get(variables("production")).then().body("variables", not(hasKey("HUGE")));
    }

    @Test
    void malformedBodiesAreRefusedWithoutEchoingThem() {
        for (String body : List.of("{\"value\": \"secret-in-broken-json", "[]", "{}", "{\"value\": 12}",
                "{\"value\": null}", "not json secret-in-broken-json")) {
            String problem = api().contentType(ContentType.JSON).body(body)
                    .put(variables("production") + "/BROKEN").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://microenv.dev/problems/validation"))
                    .extract().asString();
            assertThat(problem).doesNotContain("secret-in-broken-json");
        }
        api().get(variables("production") + "/BROKEN").then().statusCode(404);
    }

    @Test
    void nonJsonContentTypeIsRefusedAsAProblem() {
        api().contentType(ContentType.TEXT).body("value").put(variables("production") + "/A").then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void projectIdThatIsNotAUuidIsNotFound() {
        api().get("/v1/projects/not-a-uuid/environments/production/variables").then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void requestIdFromTheGatewayIsEchoedAndPutInProblems() {
        api().header("X-Request-Id", "req-abc-123").get(variables("nope")).then()
                .statusCode(404)
                .header("X-Request-Id", "req-abc-123")
                .body("requestId", equalTo("req-abc-123"));
    }

    private long count(String sql, UUID id) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Every column of every matching row, as the bytes PostgreSQL hands out. */
    private List<byte[]> columns(String sql) throws SQLException {
        List<byte[]> values = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (sql.contains("event_key")) {
                statement.setString(1, project.toString());
            } else {
                statement.setObject(1, project);
            }
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        byte[] bytes = rows.getBytes(i);
                        if (bytes != null) {
                            values.add(bytes);
                        }
                        String text = rows.getString(i);
                        if (text != null) {
                            values.add(text.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return values;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
