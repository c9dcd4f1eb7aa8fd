package com.microenv.secrets.api;

import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The associated data (project, environment, name, version) binds each ciphertext to its row: a ciphertext and
 * nonce copied in the database onto another row, another environment's row or another project's row does not
 * decrypt there. The read of the target answers a 500 {@code integrity} problem naming the row (never the copied
 * value, never a bare {@code internal}), and the source row still reads fine.
 */
@QuarkusTest
class MovedCiphertextTest {

    @Inject
    AgroalDataSource database;

    @Test
    void aCiphertextCopiedToAnotherNameFailsAndTheSourceStillReads() throws Exception {
        UUID project = UUID.randomUUID();
        String token = TestTokens.forProject(project).sign();
        String alpha = "alpha-" + UUID.randomUUID();
        put(token, project, "production", "ALPHA", alpha).then().statusCode(201);
        put(token, project, "production", "BETA", "beta-" + UUID.randomUUID()).then().statusCode(201);

        // Both rows are at version 1: only the name tells them apart in the associated data.
        copyCiphertext(project, "production", "ALPHA", project, "production", "BETA");

        assertIntegrityFailure(get(token, variable(project, "production", "BETA")), "production.BETA", alpha);
        assertIntegrityFailure(get(token, variables(project, "production")), "production.BETA", alpha);
        get(token, variable(project, "production", "ALPHA")).then().statusCode(200).body("value", equalTo(alpha));
        // Metadata needs no decryption, so it still lists both.
        given().auth().oauth2(token).queryParam("names_only", true).get(variables(project, "production")).then()
                .statusCode(200);

        // Writing the damaged variable again replaces the bad row (a write does not open the old value).
        put(token, project, "production", "BETA", "beta-again").then().statusCode(200);
        get(token, variable(project, "production", "BETA")).then().statusCode(200).body("value", equalTo("beta-again"));
    }

    @Test
    void aCiphertextCopiedToAnotherEnvironmentFails() throws Exception {
        UUID project = UUID.randomUUID();
        String token = TestTokens.forProject(project).sign();
        String development = "dev-" + UUID.randomUUID();
        put(token, project, "development", "DATABASE_URL", development).then().statusCode(201);
        put(token, project, "production", "DATABASE_URL", "prod-" + UUID.randomUUID()).then().statusCode(201);

        copyCiphertext(project, "development", "DATABASE_URL", project, "production", "DATABASE_URL");

        assertIntegrityFailure(get(token, variable(project, "production", "DATABASE_URL")),
                "production.DATABASE_URL", development);
        get(token, variable(project, "development", "DATABASE_URL")).then().statusCode(200)
                .body("value", equalTo(development));
    }

    @Test
    void aCiphertextCopiedToAnotherProjectFails() throws Exception {
        UUID source = UUID.randomUUID();
        UUID target = UUID.randomUUID();
        String sourceToken = TestTokens.forProject(source).sign();
        String targetToken = TestTokens.forProject(target).sign();
        String secret = "src-" + UUID.randomUUID();
        put(sourceToken, source, "production", "API_TOKEN", secret).then().statusCode(201);
        put(targetToken, target, "production", "API_TOKEN", "tgt-" + UUID.randomUUID()).then().statusCode(201);

        copyCiphertext(source, "production", "API_TOKEN", target, "production", "API_TOKEN");

        assertIntegrityFailure(get(targetToken, variable(target, "production", "API_TOKEN")),
                "production.API_TOKEN", secret);
        get(sourceToken, variable(source, "production", "API_TOKEN")).then().statusCode(200)
                .body("value", equalTo(secret));
    }

    private static void assertIntegrityFailure(Response response, String row, String copiedValue) {
        response.then().statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/integrity"))
                .body("status", equalTo(500));
        String detail = response.path("detail");
        assertThat(detail).contains(row).contains("integrity");
        assertThat(response.asString()).doesNotContain(copiedValue);
    }

    /** What someone with write access to the database does: the source row's ciphertext and nonce onto the target. */
    private void copyCiphertext(UUID fromProject, String fromEnvironment, String fromName,
                                UUID toProject, String toEnvironment, String toName) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE variables t SET ciphertext = s.ciphertext, nonce = s.nonce FROM variables s"
                             + " WHERE s.project_id = ? AND s.environment = ? AND s.name = ?"
                             + " AND t.project_id = ? AND t.environment = ? AND t.name = ?")) {
            update.setObject(1, fromProject);
            update.setString(2, fromEnvironment);
            update.setString(3, fromName);
            update.setObject(4, toProject);
            update.setString(5, toEnvironment);
            update.setString(6, toName);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static Response put(String token, UUID project, String environment, String name, String value) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", value))
                .put(variable(project, environment, name));
    }

    private static Response get(String token, String path) {
        return given().auth().oauth2(token).get(path);
    }

    private static String variables(UUID project, String environment) {
        return "/v1/projects/" + project + "/environments/" + environment + "/variables";
    }

    private static String variable(UUID project, String environment, String name) {
        return variables(project, environment) + "/" + name;
    }
}
