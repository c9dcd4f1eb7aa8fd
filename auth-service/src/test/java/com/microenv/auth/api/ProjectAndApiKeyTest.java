package com.microenv.auth.api;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.audit.event.AuditTypes;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microenv.auth.api.AuthTestClient.createApiKey;
import static com.microenv.auth.api.AuthTestClient.createProject;
import static com.microenv.auth.api.AuthTestClient.demoUserJwt;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.setting;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class ProjectAndApiKeyTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void userCreatesAProjectAndOwnsIt() {
        String name = uniqueName("Demo");
        String projectId = given().auth().oauth2(demoUserJwt(null))
                .contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/v1/projects")
                .then().statusCode(201)
                .header("Location", containsString("/v1/projects/"))
                .body("name", equalTo(name))
                .body("id", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .body("ownerId", notNullValue())
                .body("createdAt", notNullValue())
                .extract().path("id");

        given().auth().oauth2(demoUserJwt(projectId))
                .when().get("/v1/projects/" + projectId)
                .then().statusCode(200)
                .body("id", equalTo(projectId))
                .body("name", equalTo(name));
    }

    @Test
    void projectCreationEventReachesKafka() {
        try (AuditTopicReader audit = AuditTopicReader.fromNow()) {
            String projectId = createProject(uniqueName("audited"));

            AuditTopicReader.Seen seen = audit.awaitEvent(record -> projectId.equals(record.key()));

            AuditEvent event = seen.event();
            assertThat(event.type()).isEqualTo(AuditTypes.PROJECT_CREATED);
            assertThat(event.source()).isEqualTo("/microenv/auth-service");
            assertThat(event.subject()).isEqualTo("/projects/" + projectId);
            assertThat(event.data().projectId()).isEqualTo(projectId);
            assertThat(event.data().credentialKind()).isEqualTo("user");
            assertThat(event.data().actorName()).isEqualTo(setting("MICROENV_DEMO_USER"));
            assertThat(event.data().outcome()).isEqualTo("success");
        }
    }

    @Test
    void apiKeyCreationEventNamesTheKeyButNeverContainsIt() {
        String projectId = createProject(uniqueName("key event"));
        try (AuditTopicReader audit = AuditTopicReader.fromNow()) {
            String key = createApiKey(projectId, List.of("read"), List.of("*"));

            AuditTopicReader.Seen seen = audit.awaitEvent(record -> projectId.equals(record.key())
                    && AuditTypes.APIKEY_CREATED.equals(record.event().type()));

            assertThat(seen.event().data().details()).containsEntry("permissions", "read").containsKey("keyId");
            assertThat(seen.event().subject()).endsWith("/api-keys/" + seen.event().data().details().get("keyId"));
            assertThat(AuditEventCodec.toJson(seen.event())).doesNotContain(key);
        }
    }

    @Test
    void apiKeyIsShownOnceAndListedWithoutIt() {
        String projectId = createProject(uniqueName("keys"));
        String jwt = demoUserJwt(projectId);
        String expiresAt = Instant.now().plus(Duration.ofDays(30)).toString();

        var created = given().auth().oauth2(jwt)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "permissions", List.of("write", "read"), "environments", List.of("staging", "production"),
                        "expiresAt", expiresAt))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(201)
                .header("Cache-Control", containsString("no-store"))
                .body("id", matchesPattern("key_[0-9A-Za-z]{20}"))
                .body("key", matchesPattern("menv_sk_[0-9A-Za-z]{44}"))
                .body("permissions", equalTo(List.of("read", "write")))
                .body("environments", equalTo(List.of("staging", "production")))
                .extract();
        String key = created.path("key");
        assertThat((String) created.path("prefix")).isEqualTo(key.substring(0, 12));
        assertThat((String) created.path("suffix")).isEqualTo(key.substring(48));

        String listed = given().auth().oauth2(jwt)
                .when().get("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(created.path("id")))
                .body("[0].name", equalTo("ci"))
                .body("[0].key", nullValue())
                .body("[0].createdBy", notNullValue())
                .body("[0].revokedAt", nullValue())
                .extract().asString();
        assertThat(listed).doesNotContain(key);
    }

    @Test
    void exchangingAKeyRecordsItsLastUse() {
        String projectId = createProject(uniqueName("last used"));
        String key = createApiKey(projectId, List.of("read"), List.of("*"));

        exchange(key, projectId).statusCode(200);

        given().auth().oauth2(demoUserJwt(projectId))
                .when().get("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(200).body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void invalidApiKeyRequestsAreBadRequestProblems() {
        String projectId = createProject(uniqueName("validation"));
        String jwt = demoUserJwt(projectId);

        assertBadKeyRequest(jwt, projectId, Map.of("name", "x", "permissions", List.of("delete"), "environments", List.of("*")),
                "permissions[0] must contain only read, write or admin");
        assertBadKeyRequest(jwt, projectId, Map.of("name", "x", "permissions", List.of(), "environments", List.of("*")),
                "permissions must list at least one");
        assertBadKeyRequest(jwt, projectId, Map.of("name", "x", "permissions", List.of("read"), "environments", List.of("Prod!")),
                "environments[0] must contain environment names");
        assertBadKeyRequest(jwt, projectId, Map.of("name", "x", "permissions", List.of("read"), "environments", List.of("*", "dev")),
                "either [\"*\"]");
        assertBadKeyRequest(jwt, projectId, Map.of("name", "x".repeat(101), "permissions", List.of("read"), "environments", List.of("*")),
                "name must be at most 100 characters");
        assertBadKeyRequest(jwt, projectId, Map.of("name", "x", "permissions", List.of("read"), "environments", List.of("*"),
                "expiresAt", "2001-01-01T00:00:00Z"), "expiresAt must be in the future");
        assertBadKeyRequest(jwt, projectId, Map.of("name", "x", "permissions", List.of("read"), "environments", List.of("*"),
                "expiresAt", "tomorrow"), "expiresAt");
    }

    @Test
    void apiKeysCannotMintKeys() {
        String projectId = createProject(uniqueName("admins"));
        String key = createApiKey(projectId, List.of("read", "write"), List.of("*"));
        String keyJwt = exchange(key, projectId).statusCode(200).extract().path("token");

        given().auth().oauth2(keyJwt)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "escalate", "permissions", List.of("read"), "environments", List.of("*")))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("user credential"));
    }

    @Test
    void apiKeysCannotCreateProjects() {
        String projectId = createProject(uniqueName("no nesting"));
        String keyJwt = exchange(createApiKey(projectId, List.of("read"), List.of("*")), projectId).statusCode(200).extract().path("token");

        given().auth().oauth2(keyJwt).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/v1/projects")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void tokenScopedToOneProjectCannotReadAnother() {
        String mine = createProject(uniqueName("mine"));
        String theirs = createProject(uniqueName("theirs"));

        given().auth().oauth2(demoUserJwt(mine))
                .when().get("/v1/projects/" + theirs)
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void malformedProjectIdIsNotFound() {
        given().auth().oauth2(demoUserJwt(null))
                .when().get("/v1/projects/not-a-project")
                .then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/not-found"));
    }

    @Test
    void publicApiNeedsAnInternalJwt() {
        given().when().get("/v1/projects/" + UUID.randomUUID())
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        // A Keycloak token is not an internal JWT: only the gateway's exchange turns it into one.
        given().auth().oauth2(demoUserToken())
                .when().get("/v1/projects/" + UUID.randomUUID())
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void malformedOrMissingBodiesAreBadRequestProblems() {
        String jwt = demoUserJwt(null);
        given().auth().oauth2(jwt).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/v1/projects")
                .then().statusCode(400).contentType(PROBLEM).body("requestId", notNullValue());
        given().auth().oauth2(jwt).contentType(ContentType.JSON)
                .when().post("/v1/projects")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(jwt).contentType(ContentType.JSON).body(Map.of("name", " "))
                .when().post("/v1/projects")
                .then().statusCode(400).contentType(PROBLEM).body("detail", equalTo("name must not be blank"));
    }

    @Test
    void bodiesOverOneMebibyteAreRejected() {
        String jwt = demoUserJwt(null);
        given().auth().oauth2(jwt).contentType(ContentType.JSON)
                .body("{\"name\": \"" + "x".repeat(1024 * 1024 + 1) + "\"}")
                .when().post("/v1/projects")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/payload-too-large"));
    }

    @Test
    void unknownPathsAreNotFoundProblems() {
        given().when().get("/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM);
    }

    private static void assertBadKeyRequest(String jwt, String projectId, Map<String, Object> body, String detail) {
        given().auth().oauth2(jwt).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/validation"))
                .body("detail", containsString(detail))
                .body("detail", not(containsString("menv_sk_")));
    }
}
