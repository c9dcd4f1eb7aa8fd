package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microenv.auth.api.AuthTestClient.addMember;
import static com.microenv.auth.api.AuthTestClient.cliTokenFor;
import static com.microenv.auth.api.AuthTestClient.createProjectAs;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class MembersAndProjectsTest {

    private static final String PROBLEM = "application/problem+json";

    /** A test user who has signed in once (so MicroENV knows their email); their Keycloak token. */
    private static String signedIn(String name) {
        String token = TestUsers.token(name);
        jwt(token, null);
        return token;
    }

    private static String createKey(String keycloakToken, String projectId, List<String> permissions) {
        return given().auth().oauth2(jwt(keycloakToken, projectId)).contentType(ContentType.JSON)
                .body(Map.of("name", "k", "permissions", permissions, "environments", List.of("*")))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    @Test
    void knownUserIsAddedAtOnceAndListedWithTheirRole() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("members"));
        signedIn("member-alice");

        String userId = given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", TestUsers.email("member-alice").toUpperCase(), "role", "developer"))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(201).body("status", equalTo("active")).body("role", equalTo("developer"))
                .extract().path("userId");

        assertThat(userId).isEqualTo(TestUsers.ensure("member-alice"));
        given().auth().oauth2(jwt(owner, projectId)).when().get("/v1/projects/" + projectId + "/members")
                .then().statusCode(200)
                .body("email", hasItem(TestUsers.email("member-alice")))
                .body("role", hasItem("owner"));
        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", TestUsers.email("member-alice"), "role", "viewer"))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void invitationWaitsForTheFirstVerifiedSignIn() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("invite"));
        String name = "invitee-" + UUID.randomUUID().toString().substring(0, 8);

        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", TestUsers.email(name), "role", "viewer"))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(201).body("status", equalTo("invited"));

        String newcomer = TestUsers.token(name); // the person registers in Keycloak
        jwt(newcomer, null);                      // and makes their first call

        exchange(newcomer, projectId).statusCode(200);
        given().auth().oauth2(jwt(owner, projectId)).when().get("/v1/projects/" + projectId + "/members")
                .then().body("findAll { it.email == '" + TestUsers.email(name) + "' }.status", equalTo(List.of("active")));
    }

    @Test
    void badEmailOrRoleIsABadRequest() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("bad member"));
        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", "not an email", "role", "viewer"))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("email"));
        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", "x@example.com", "role", "superuser"))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("role"));
    }

    @Test
    void lastOwnerCannotLeaveOrBeDemoted() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("last owner"));
        String ownerId = given().auth().oauth2(jwt(owner, null)).when().get("/v1/me").then().extract().path("id");

        given().auth().oauth2(jwt(owner, projectId)).when().delete("/v1/projects/" + projectId + "/members/" + ownerId)
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("last owner"));
        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .when().patch("/v1/projects/" + projectId + "/members/" + ownerId)
                .then().statusCode(409).contentType(PROBLEM);

        signedIn("member-olivia");
        addMember(owner, projectId, TestUsers.email("member-olivia"), "owner");
        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .when().patch("/v1/projects/" + projectId + "/members/" + ownerId)
                .then().statusCode(200).body("role", equalTo("admin"));
    }

    @Test
    void onlyAnOwnerGrantsOrTakesAwayOwner() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("owners"));
        String admin = signedIn("member-adam");
        addMember(owner, projectId, TestUsers.email("member-adam"), "admin");
        String ownerId = given().auth().oauth2(jwt(owner, null)).when().get("/v1/me").then().extract().path("id");

        given().auth().oauth2(jwt(admin, projectId)).contentType(ContentType.JSON)
                .body(Map.of("email", "someone@example.com", "role", "owner"))
                .when().post("/v1/projects/" + projectId + "/members")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(jwt(admin, projectId)).when().delete("/v1/projects/" + projectId + "/members/" + ownerId)
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void removedMemberLosesTheProjectAtOnceWithTheirCliTokenAndKeys() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("removal"));
        String dev = signedIn("member-dora");
        String devId = TestUsers.ensure("member-dora");
        addMember(owner, projectId, TestUsers.email("member-dora"), "developer");
        String cliToken = cliTokenFor(dev);
        String key = createKey(dev, projectId, List.of("read", "write"));
        exchange(cliToken, projectId).statusCode(200);
        exchange(key, projectId).statusCode(200);

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            given().auth().oauth2(jwt(owner, projectId)).when().delete("/v1/projects/" + projectId + "/members/" + devId)
                    .then().statusCode(204);

            var changed = credentials.awaitRecord(s -> "member.changed".equals(s.json().path("type").asText())
                    && projectId.equals(s.json().path("projectId").asText()));
            assertThat(changed.json().path("userId").asText()).isEqualTo(devId);
            assertThat(changed.json().path("reason").asText()).isEqualTo("removed");
            credentials.awaitRecord(s -> "credential.revoked".equals(s.json().path("type").asText())
                    && projectId.equals(s.json().path("projectId").asText()));
        }
        exchange(cliToken, projectId).statusCode(403).contentType(PROBLEM);
        exchange(cliToken, null).statusCode(200); // the token itself is still the user's
        exchange(key, projectId).statusCode(401).body("detail", containsString("revoked"));
    }

    @Test
    void demotionRevokesOnlyTheKeysBeyondTheNewRole() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("demotion"));
        String admin = signedIn("member-dmitri");
        String adminId = TestUsers.ensure("member-dmitri");
        addMember(owner, projectId, TestUsers.email("member-dmitri"), "admin");
        String readKey = createKey(admin, projectId, List.of("read"));
        String writeKey = createKey(admin, projectId, List.of("read", "write"));

        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .when().patch("/v1/projects/" + projectId + "/members/" + adminId)
                .then().statusCode(200).body("role", equalTo("viewer"));

        exchange(readKey, projectId).statusCode(200);
        exchange(writeKey, projectId).statusCode(401).body("detail", containsString("revoked"));
    }

    @Test
    void noEscalationThroughAKey() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("escalation"));
        String viewer = signedIn("member-vera");
        String developer = signedIn("member-devon");
        addMember(owner, projectId, TestUsers.email("member-vera"), "viewer");
        addMember(owner, projectId, TestUsers.email("member-devon"), "developer");

        given().auth().oauth2(jwt(viewer, projectId)).contentType(ContentType.JSON)
                .body(Map.of("name", "w", "permissions", List.of("read", "write"), "environments", List.of("*")))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("write"));
        given().auth().oauth2(jwt(developer, projectId)).contentType(ContentType.JSON)
                .body(Map.of("name", "a", "permissions", List.of("read", "admin"), "environments", List.of("*")))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("admin"));
        createKey(viewer, projectId, List.of("read"));
        createKey(developer, projectId, List.of("read", "write"));
    }

    @Test
    void ownerDeletesTheProjectAndEveryCredentialOfItFailsAtOnce() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("doomed"));
        String admin = signedIn("member-ada");
        addMember(owner, projectId, TestUsers.email("member-ada"), "admin");
        String key = createKey(owner, projectId, List.of("read"));

        given().auth().oauth2(jwt(admin, projectId)).when().delete("/v1/projects/" + projectId)
                .then().statusCode(403).contentType(PROBLEM);

        String ownerJwt = jwt(owner, projectId);
        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow();
             KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            given().auth().oauth2(ownerJwt).when().delete("/v1/projects/" + projectId).then().statusCode(204);

            var deleted = credentials.awaitRecord(s -> "project.deleted".equals(s.json().path("type").asText())
                    && projectId.equals(s.json().path("projectId").asText()));
            assertThat(deleted.key()).isEqualTo(projectId);
            audit.awaitAudit("com.microenv.project.deleted.v1", projectId);
        }
        exchange(key, projectId).statusCode(401);
        exchange(admin, projectId).statusCode(403);
        given().auth().oauth2(ownerJwt).when().get("/v1/projects/" + projectId).then().statusCode(404);
    }

    @Test
    void meShowsAUserWithTheirProjectsAndAKeyWithItsScope() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("me"));

        given().auth().oauth2(jwt(owner, null)).when().get("/v1/me")
                .then().statusCode(200)
                .body("kind", equalTo("user"))
                .body("email", equalTo(AuthTestClient.setting("MICROENV_DEMO_USER")))
                .body("credential.kind", equalTo("user"))
                .body("projects.find { it.id == '" + projectId + "' }.role", equalTo("owner"));
        given().auth().oauth2(jwt(owner, null)).when().get("/v1/projects")
                .then().statusCode(200).body("id", hasItem(projectId));

        String key = createKey(owner, projectId, List.of("read"));
        given().auth().oauth2(jwt(key, null)).when().get("/v1/me")
                .then().statusCode(200)
                .body("kind", equalTo("api_key"))
                .body("projectId", equalTo(projectId))
                .body("apiKey.permissions", equalTo(List.of("read")));

        String cli = cliTokenFor(owner);
        given().auth().oauth2(jwt(cli, null)).when().get("/v1/me")
                .then().statusCode(200)
                .body("kind", equalTo("user"))
                .body("credential.kind", equalTo("cli_token"))
                .body("credential.expiresAt", notNullValue())
                .body("credential.clientName", equalTo("test laptop"));
    }

    @Test
    void memberChangesAreAudited() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("member audit"));
        signedIn("member-aud");
        String userId = TestUsers.ensure("member-aud");
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            addMember(owner, projectId, TestUsers.email("member-aud"), "viewer");
            given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON).body(Map.of("role", "developer"))
                    .when().patch("/v1/projects/" + projectId + "/members/" + userId).then().statusCode(200);
            given().auth().oauth2(jwt(owner, projectId)).when().delete("/v1/projects/" + projectId + "/members/" + userId)
                    .then().statusCode(204);

            assertThat(audit.awaitAudit("com.microenv.member.added.v1", projectId).key()).isEqualTo(projectId);
            var changed = audit.awaitAudit("com.microenv.member.role_changed.v1", projectId);
            assertThat(changed.json().path("data").path("details").path("to").asText()).isEqualTo("developer");
            audit.awaitAudit("com.microenv.member.removed.v1", projectId);
        }
    }
}
