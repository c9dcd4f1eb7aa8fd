package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.microenv.auth.api.AuthTestClient.addMember;
import static com.microenv.auth.api.AuthTestClient.cliTokenFor;
import static com.microenv.auth.api.AuthTestClient.createProjectAs;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static com.microenv.auth.api.AuthTestClient.pollDeviceToken;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 5's audit list, for the credential events the other tests do not read off the real audit topic:
 * key rotated and expired, login denied, CLI token revoked, member invited; and the {@code member.changed}
 * credential event of a role change. None of them may carry the credential itself.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class CredentialAuditTrailTest {

    @Test
    void keyRotationAndExpiryAreAuditedWithoutTheKey() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("audit-keys"));
        var created = given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                .body(Map.of("name", "rotating", "permissions", List.of("read"), "environments", List.of("*"),
                        "expiresAt", Instant.now().plus(Duration.ofHours(1)).toString()))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(201).extract();
        String oldId = created.path("id");
        String oldKey = created.path("key");
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            var rotated = given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                    .body(Map.of("gracePeriodSeconds", 3600))
                    .when().post("/v1/projects/" + projectId + "/api-keys/" + oldId + "/rotate")
                    .then().statusCode(201).extract();
            String newId = rotated.path("id");
            String newKey = rotated.path("key");
            var rotatedEvent = audit.awaitAudit("com.microenv.apikey.rotated.v1", oldId);
            assertThat(rotatedEvent.raw()).contains(newId).doesNotContain(oldKey).doesNotContain(newKey);
            assertThat(rotatedEvent.key()).isEqualTo(projectId);

            TestDb.update("update api_keys set expires_at = now() - interval '1 second' where id = ?", newId);
            var expired = audit.awaitAudit("com.microenv.apikey.expired.v1", newId);
            assertThat(expired.raw()).doesNotContain(newKey);
        }
    }

    @Test
    void deniedLoginAndRevokedCliTokenAreAudited() {
        String user = demoUserToken();
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            String clientName = uniqueName("denied-box");
            var started = given().contentType(ContentType.URLENC).formParam("client_name", clientName)
                    .when().post("/v1/auth/device").then().statusCode(200).extract();
            given().auth().oauth2(jwt(user, null)).contentType(ContentType.JSON)
                    .body(Map.of("user_code", started.path("user_code"), "decision", "deny"))
                    .when().post("/v1/auth/device/approve").then().statusCode(200);
            var denied = audit.awaitAudit("com.microenv.login.denied.v1", clientName);
            assertThat(denied.raw()).doesNotContain((String) started.path("device_code"));
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(1100)).untilAsserted(() ->
                    pollDeviceToken(started.path("device_code")).statusCode(400).body("error", equalTo("access_denied")));

            String cliToken = cliTokenFor(user);
            String tokenId = exchange(cliToken, null).statusCode(200).extract().path("credentialId");
            given().auth().oauth2(jwt(user, null)).when().delete("/v1/auth/cli-tokens/" + tokenId).then().statusCode(200);
            var revoked = audit.awaitAudit("com.microenv.clitoken.revoked.v1", tokenId);
            assertThat(revoked.raw()).doesNotContain(cliToken);
        }
    }

    @Test
    void invitationIsAuditedAndARoleChangeIsACredentialEvent() {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("audit-members"));
        String email = "nobody-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@auth-tests.microenv.local";
        String memberToken = TestUsers.token("member-rolf");
        String memberId = TestUsers.ensure("member-rolf");
        jwt(memberToken, null);
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow();
             KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "role", "viewer"))
                    .when().post("/v1/projects/" + projectId + "/members")
                    .then().statusCode(201).body("status", equalTo("invited"));
            assertThat(audit.awaitAudit("com.microenv.member.invited.v1", email).key()).isEqualTo(projectId);

            addMember(owner, projectId, TestUsers.email("member-rolf"), "developer");
            given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                    .when().patch("/v1/projects/" + projectId + "/members/" + memberId)
                    .then().statusCode(200);
            var changed = credentials.awaitRecord(s -> "member.changed".equals(s.json().path("type").asText())
                    && projectId.equals(s.json().path("projectId").asText()));
            assertThat(changed.json().path("userId").asText()).isEqualTo(memberId);
            assertThat(changed.json().path("reason").asText()).isEqualTo("role_changed");
        }
    }
}
