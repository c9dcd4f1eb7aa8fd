package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.microenv.auth.api.AuthTestClient.createProject;
import static com.microenv.auth.api.AuthTestClient.demoUserJwt;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class ApiKeyLifecycleTest {

    private static final String PROBLEM = "application/problem+json";

    private static ExtractableResponse<Response> createKey(String projectId, Map<String, Object> body) {
        return given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(201).extract();
    }

    private static Map<String, Object> keyBody(List<String> permissions, List<String> environments) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "lifecycle");
        body.put("permissions", permissions);
        body.put("environments", environments);
        return body;
    }

    @Test
    void readOnlyProductionKeyCarriesExactlyThatScope() throws Exception {
        String projectId = createProject(uniqueName("scope"));
        String key = createKey(projectId, keyBody(List.of("read"), List.of("production"))).path("key");

        JwtClaims claims = TokenExchangeTest.verifiedAgainstJwks(exchange(key, projectId).statusCode(200).extract().path("token"));

        // secrets-service enforces these claims: no write, and staging is not among the environments.
        assertThat(claims.getStringListClaimValue("menv_perms")).containsExactly("read");
        assertThat(claims.getStringListClaimValue("menv_envs")).containsExactly("production");
    }

    @Test
    void badCidrIsABadRequestThatNamesIt() {
        String projectId = createProject(uniqueName("cidr"));
        Map<String, Object> body = keyBody(List.of("read"), List.of("*"));
        body.put("allowedCidrs", List.of("10.0.0.0/8", "10.0.0.300/24"));

        given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("10.0.0.300/24"));

        body.put("allowedCidrs", List.of("10.1.2.3/8"));
        given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(400).body("detail", containsString("10.1.2.3/8")).body("detail", containsString("10.0.0.0/8"));

        given().auth().oauth2(demoUserJwt(projectId)).when().get("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void keyIsUsableOnlyFromItsCidrsForIpv4AndIpv6() {
        String projectId = createProject(uniqueName("cidr"));
        Map<String, Object> body = keyBody(List.of("read"), List.of("*"));
        body.put("allowedCidrs", List.of("198.51.100.0/24", "2001:DB8:0:0::/64"));
        var created = createKey(projectId, body);
        String key = created.path("key");
        assertThat(created.<List<String>>path("allowedCidrs")).containsExactly("198.51.100.0/24", "2001:db8::/64");

        exchange(key, projectId, "198.51.100.17").statusCode(200)
                .body("allowedCidrs", equalTo(List.of("198.51.100.0/24", "2001:db8::/64")))
                .body("subject", equalTo(created.path("id")));
        exchange(key, projectId, "2001:db8::42").statusCode(200);

        exchange(key, projectId, "203.0.113.9").statusCode(403).contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/forbidden"))
                .body("detail", containsString("203.0.113.9"))
                .body("detail", not(containsString(key)));
        exchange(key, projectId, "2001:db9::1").statusCode(403).contentType(PROBLEM);
        exchange(key, projectId, null).statusCode(403).contentType(PROBLEM);
    }

    @Test
    void unrestrictedKeyExchangeSaysNoCidrs() {
        String projectId = createProject(uniqueName("nocidr"));
        String key = createKey(projectId, keyBody(List.of("read"), List.of("*"))).path("key");

        exchange(key, projectId).statusCode(200).body("allowedCidrs", nullValue()).body("subject", containsString("key_"));
    }

    @Test
    void listAndGetShowTheScopeAndLastUseButNeverTheKey() {
        String projectId = createProject(uniqueName("list"));
        Map<String, Object> body = keyBody(List.of("read", "write"), List.of("staging"));
        Instant expiry = Instant.now().plus(Duration.ofDays(7));
        body.put("expiresAt", expiry.toString());
        body.put("allowedCidrs", List.of("203.0.113.0/24"));
        var created = createKey(projectId, body);
        String key = created.path("key");
        String id = created.path("id");

        exchange(key, projectId).statusCode(200);
        exchange(key, projectId).statusCode(200);

        String listed = given().auth().oauth2(demoUserJwt(projectId)).when().get("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(200)
                .body("[0].id", equalTo(id))
                .body("[0].status", equalTo("active"))
                .body("[0].permissions", equalTo(List.of("read", "write")))
                .body("[0].environments", equalTo(List.of("staging")))
                .body("[0].allowedCidrs", equalTo(List.of("203.0.113.0/24")))
                .body("[0].createdBy", notNullValue())
                .body("[0].lastUsedAt", notNullValue())
                .body("[0].lastClientIp", equalTo("203.0.113.7"))
                .body("[0].expiresAt", notNullValue())
                .extract().asString();
        assertThat(listed).doesNotContain(key);

        given().auth().oauth2(demoUserJwt(projectId)).when().get("/v1/projects/" + projectId + "/api-keys/" + id)
                .then().statusCode(200).body("prefix", equalTo(key.substring(0, 12))).body("suffix", equalTo(key.substring(48)));
    }

    @Test
    void lastUsedIsWrittenAtMostOncePerMinute() {
        String projectId = createProject(uniqueName("coalesce"));
        var created = createKey(projectId, keyBody(List.of("read"), List.of("*")));
        String key = created.path("key");
        exchange(key, projectId).statusCode(200);
        String first = lastUsed(projectId, created.path("id"));

        exchange(key, projectId, "198.51.100.1").statusCode(200);

        assertThat(lastUsed(projectId, created.path("id"))).isEqualTo(first);
    }

    private static String lastUsed(String projectId, String id) {
        return given().auth().oauth2(demoUserJwt(projectId)).when().get("/v1/projects/" + projectId + "/api-keys/" + id)
                .then().statusCode(200).extract().path("lastUsedAt");
    }

    @Test
    void revokedKeyFailsWithAProblemSayingRevokedAndPublishesACredentialEvent() {
        String projectId = createProject(uniqueName("revoke"));
        var created = createKey(projectId, keyBody(List.of("read"), List.of("*")));
        String key = created.path("key");
        String id = created.path("id");
        exchange(key, projectId).statusCode(200);

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            given().auth().oauth2(demoUserJwt(projectId)).when().delete("/v1/projects/" + projectId + "/api-keys/" + id)
                    .then().statusCode(200).body("status", equalTo("revoked")).body("revokedAt", notNullValue());

            var event = credentials.awaitCredentialEvent("credential.revoked", id);
            assertThat(event.key()).isEqualTo(projectId);
            assertThat(event.json().path("reason").asText()).isEqualTo("revoked");
            assertThat(event.json().path("projectId").asText()).isEqualTo(projectId);
            assertThat(event.raw()).doesNotContain(key);
        }
        exchange(key, projectId).statusCode(401).contentType(PROBLEM).body("detail", containsString("revoked"));
    }

    @Test
    void expiredKeyFailsWithAProblemSayingExpired() {
        String projectId = createProject(uniqueName("expiry"));
        Map<String, Object> body = keyBody(List.of("read"), List.of("*"));
        body.put("expiresAt", Instant.now().plus(Duration.ofHours(1)).toString());
        var created = createKey(projectId, body);
        String key = created.path("key");
        exchange(key, projectId).statusCode(200);

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            TestDb.update("update api_keys set expires_at = now() - interval '1 second' where id = ?", (String) created.path("id"));

            exchange(key, projectId).statusCode(401).contentType(PROBLEM).body("detail", containsString("expired"));
            var event = credentials.awaitCredentialEvent("credential.revoked", created.path("id"));
            assertThat(event.json().path("reason").asText()).isEqualTo("expired");
        }
    }

    @Test
    void expiryInThePastIsABadRequest() {
        String projectId = createProject(uniqueName("past"));
        Map<String, Object> body = keyBody(List.of("read"), List.of("*"));
        body.put("expiresAt", Instant.now().minusSeconds(60).toString());
        given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("expiresAt"));
    }

    @Test
    void unknownKeysAndGarbageGetTheSameAnswer() {
        String projectId = createProject(uniqueName("oracle"));
        String unknown = com.microenv.credential.CredentialFormat.newCredential(
                com.microenv.credential.CredentialFormat.Kind.API_KEY, new SecureRandom());

        String unknownDetail = exchange(unknown, projectId).statusCode(401).extract().path("detail");
        String garbageDetail = exchange("hello-world", projectId).statusCode(401).extract().path("detail");
        String unknownCliDetail = exchange(com.microenv.credential.CredentialFormat.newCredential(
                com.microenv.credential.CredentialFormat.Kind.CLI_TOKEN, new SecureRandom()), projectId).statusCode(401).extract().path("detail");

        assertThat(unknownDetail).isEqualTo(garbageDetail).isEqualTo(unknownCliDetail);
    }

    @Test
    void rotationWithoutGraceReplacesTheKeyAtOnce() {
        String projectId = createProject(uniqueName("rotate0"));
        var created = createKey(projectId, keyBody(List.of("read", "write"), List.of("development")));
        String oldKey = created.path("key");
        String oldId = created.path("id");

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            var rotated = given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON)
                    .body(Map.of("gracePeriodSeconds", 0))
                    .when().post("/v1/projects/" + projectId + "/api-keys/" + oldId + "/rotate")
                    .then().statusCode(201)
                    .body("permissions", equalTo(List.of("read", "write")))
                    .body("environments", equalTo(List.of("development")))
                    .body("rotatedFrom.id", equalTo(oldId))
                    .body("rotatedFrom.status", equalTo("rotated_out"))
                    .extract();
            String newKey = rotated.path("key");

            exchange(newKey, projectId).statusCode(200);
            exchange(oldKey, projectId).statusCode(401).contentType(PROBLEM).body("detail", containsString("rotated out"));
            assertThat(credentials.awaitCredentialEvent("credential.revoked", oldId).json().path("reason").asText())
                    .isEqualTo("rotated_out");
        }
    }

    @Test
    void rotationGracePeriodKeepsTheOldKeyUntilItEnds() {
        String projectId = createProject(uniqueName("rotate"));
        var created = createKey(projectId, keyBody(List.of("read"), List.of("*")));
        String oldKey = created.path("key");
        String oldId = created.path("id");

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            String newKey = given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON)
                    .body(Map.of("gracePeriodSeconds", 3600))
                    .when().post("/v1/projects/" + projectId + "/api-keys/" + oldId + "/rotate")
                    .then().statusCode(201).body("rotatedFrom.status", equalTo("rotating")).extract().path("key");

            exchange(oldKey, projectId).statusCode(200);
            exchange(newKey, projectId).statusCode(200);

            // The grace period ends (moved forward here instead of waiting an hour): the old key stops by itself.
            TestDb.update("update api_keys set rotated_out_at = now() - interval '1 second' where id = ?", oldId);
            exchange(oldKey, projectId).statusCode(401).body("detail", containsString("rotated out"));
            exchange(newKey, projectId).statusCode(200);
            assertThat(credentials.awaitCredentialEvent("credential.revoked", oldId).json().path("reason").asText())
                    .isEqualTo("rotated_out");
        }
        given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON)
                .body(Map.of("gracePeriodSeconds", 0))
                .when().post("/v1/projects/" + projectId + "/api-keys/" + oldId + "/rotate")
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void rotationGraceAboveADayIsABadRequest() {
        String projectId = createProject(uniqueName("grace"));
        String id = createKey(projectId, keyBody(List.of("read"), List.of("*"))).path("id");
        given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON)
                .body(Map.of("gracePeriodSeconds", 86401))
                .when().post("/v1/projects/" + projectId + "/api-keys/" + id + "/rotate")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("gracePeriodSeconds"));
    }

    @Test
    void keyCreationAndRevocationAreAudited() {
        String projectId = createProject(uniqueName("audit"));
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            var created = createKey(projectId, keyBody(List.of("read"), List.of("*")));
            String id = created.path("id");
            given().auth().oauth2(demoUserJwt(projectId)).when().delete("/v1/projects/" + projectId + "/api-keys/" + id)
                    .then().statusCode(200);

            audit.awaitAudit("com.microenv.apikey.created.v1", id);
            var revoked = audit.awaitAudit("com.microenv.apikey.revoked.v1", id);
            assertThat(revoked.key()).isEqualTo(projectId);
            assertThat(revoked.raw()).doesNotContain((String) created.path("key"));
        }
    }

    @Test
    void apiKeyCannotMintKeys() {
        String projectId = createProject(uniqueName("mint"));
        String key = createKey(projectId, keyBody(List.of("read", "write"), List.of("*"))).path("key");

        given().auth().oauth2(AuthTestClient.jwt(key, projectId)).contentType(ContentType.JSON)
                .body(keyBody(List.of("read"), List.of("*")))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("user credential"));
    }

    @Test
    void revokingAKeyOfAnotherProjectIsNotFound() {
        String projectId = createProject(uniqueName("mine"));
        String other = createProject(uniqueName("theirs"));
        String otherKeyId = createKey(other, keyBody(List.of("read"), List.of("*"))).path("id");

        given().auth().oauth2(demoUserJwt(projectId)).when().delete("/v1/projects/" + projectId + "/api-keys/" + otherKeyId)
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(demoUserJwt(other)).when().get("/v1/projects/" + other + "/api-keys")
                .then().body("status", hasItem("active"));
    }

    @Test
    void exchangeRefusedForTheClientIpIsAuditedWithTheReasonButNotTheKey() {
        String projectId = createProject(uniqueName("cidr audit"));
        Map<String, Object> body = keyBody(List.of("read"), List.of("*"));
        body.put("allowedCidrs", List.of("10.0.0.0/8"));
        var created = createKey(projectId, body);
        String key = created.path("key");
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            exchange(key, projectId, "192.0.2.55").statusCode(403);

            var denied = audit.awaitAudit("com.microenv.access.denied.v1", (String) created.path("id"));
            assertThat(denied.json().path("data").path("details").path("reason").asText()).isEqualTo("cidr");
            assertThat(denied.json().path("data").path("clientIp").asText()).isEqualTo("192.0.2.55");
            assertThat(denied.raw()).doesNotContain(key);
        }
    }
}
