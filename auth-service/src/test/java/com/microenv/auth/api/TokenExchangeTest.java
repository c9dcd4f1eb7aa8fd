package com.microenv.auth.api;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.audit.event.AuditTypes;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.credential.CredentialFormat;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.restassured.http.ContentType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microenv.auth.api.AuthTestClient.EXCHANGE;
import static com.microenv.auth.api.AuthTestClient.createApiKey;
import static com.microenv.auth.api.AuthTestClient.createProject;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.gatewayToken;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class TokenExchangeTest {

    private static final String PROBLEM = "application/problem+json";

    @InjectSpy
    ApiKeyRepository apiKeys;

    @Test
    void apiKeyIsExchangedForAShortLivedRs256JwtScopedToItsProject() throws Exception {
        String projectId = createProject(uniqueName("exchange"));
        String key = createApiKey(projectId, List.of("read"), List.of("development", "staging"));

        var response = exchange(key, projectId).statusCode(200)
                .body("expiresIn", equalTo(300))
                .body("credentialId", startsWith("key_"))
                .extract();
        String token = response.path("token");

        JwtClaims claims = verifiedAgainstJwks(token);
        assertThat(claims.getIssuer()).isEqualTo("microenv-auth");
        assertThat(claims.getAudience()).containsExactly("microenv");
        assertThat(claims.getSubject()).isEqualTo(response.path("credentialId")).startsWith("key_");
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(claims.getStringClaimValue("menv_cred_id")).isEqualTo(claims.getSubject());
        assertThat(claims.getStringClaimValue("menv_cred_kind")).isEqualTo("api_key");
        assertThat(claims.getStringClaimValue("menv_project")).isEqualTo(projectId);
        assertThat(claims.getStringListClaimValue("menv_envs")).containsExactly("development", "staging");
        assertThat(claims.getStringListClaimValue("menv_perms")).containsExactly("read");
        assertThat(claims.getStringClaimValue("menv_actor_name")).isEqualTo("test key");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(AlgorithmIdentifiers.RSA_USING_SHA256);
        assertThat(jws.getKeyIdHeaderValue()).isNotBlank();
    }

    @Test
    void apiKeyOfAnotherProjectIsForbidden() {
        String ownProject = createProject(uniqueName("own"));
        String otherProject = createProject(uniqueName("other"));
        String key = createApiKey(ownProject, List.of("read", "write"), List.of("*"));

        exchange(key, otherProject).statusCode(403)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/forbidden"))
                .body("status", equalTo(403))
                .body("detail", containsString(otherProject))
                .body("requestId", startsWith("test-"));
    }

    @Test
    void deniedExchangeIsAuditedInTheTargetProject() {
        String ownProject = createProject(uniqueName("own"));
        String otherProject = createProject(uniqueName("target"));
        String key = createApiKey(ownProject, List.of("read"), List.of("*"));
        try (AuditTopicReader audit = AuditTopicReader.fromNow()) {
            exchange(key, otherProject).statusCode(403);

            AuditTopicReader.Seen seen = audit.awaitEvent(record -> otherProject.equals(record.key())
                    && AuditTypes.ACCESS_DENIED.equals(record.event().type()));

            AuditData data = seen.event().data();
            assertThat(data.outcome()).isEqualTo(AuditData.DENIED);
            assertThat(data.actor()).startsWith("key_");
            assertThat(data.credentialKind()).isEqualTo("api_key");
            assertThat(data.clientIp()).isEqualTo("203.0.113.7");
            assertThat(data.requestId()).startsWith("test-");
            assertThat(data.details()).containsEntry("reason", "other_project");
            assertThat(AuditEventCodec.toJson(seen.event())).doesNotContain(key);
        }
    }

    @Test
    void mistypedApiKeyIsRejectedWithoutADatabaseLookup() {
        String projectId = createProject(uniqueName("typo"));
        String key = createApiKey(projectId, List.of("read"), List.of("*"));
        char last = key.charAt(key.length() - 1);
        String typo = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');

        exchange(typo, projectId).statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("checksum"))
                .body("detail", not(containsString(typo)));

        verify(apiKeys, never()).findByHash(anyString());
    }

    @Test
    void wellFormedButUnknownApiKeyIsUnauthorized() {
        String projectId = createProject(uniqueName("unknown"));
        String forged = CredentialFormat.newCredential(CredentialFormat.Kind.API_KEY, new SecureRandom());

        exchange(forged, projectId).statusCode(401).contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/unauthorized"));
    }

    @Test
    void userTokenWithoutProjectGivesAnIdentityOnlyJwt() throws Exception {
        String token = exchange(demoUserToken(), null).statusCode(200)
                .body("credentialId", startsWith("kc:"))
                .extract().path("token");

        JwtClaims claims = verifiedAgainstJwks(token);
        assertThat(claims.getStringClaimValue("menv_cred_kind")).isEqualTo("user");
        assertThat(claims.getStringClaimValue("menv_actor_name")).isEqualTo(AuthTestClient.setting("MICROENV_DEMO_USER"));
        assertThat(claims.hasClaim("menv_project")).isFalse();
        assertThat(claims.getStringListClaimValue("menv_perms")).isEmpty();
    }

    @Test
    void ownerGetsAllPermissionsOnTheirProject() throws Exception {
        String projectId = createProject(uniqueName("owner"));

        String token = exchange(demoUserToken(), projectId).statusCode(200).extract().path("token");

        JwtClaims claims = verifiedAgainstJwks(token);
        assertThat(claims.getStringClaimValue("menv_project")).isEqualTo(projectId);
        assertThat(claims.getStringListClaimValue("menv_perms")).containsExactly("read", "write", "admin");
        assertThat(claims.getStringListClaimValue("menv_envs")).containsExactly("*");
    }

    @Test
    void userWhoIsNotAMemberIsForbidden() {
        String projectId = createProject(uniqueName("members only"));
        // The gateway's service account is a Keycloak user too, and no member of the project.
        exchange(gatewayToken(), projectId).statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("not a member"));
    }

    @Test
    void unknownProjectIsForbiddenNotRevealed() {
        exchange(demoUserToken(), UUID.randomUUID().toString()).statusCode(403).contentType(PROBLEM);
    }

    @Test
    void unknownCliTokenIsUnauthorizedLikeAnyUnknownCredential() {
        String cliToken = CredentialFormat.newCredential(CredentialFormat.Kind.CLI_TOKEN, new SecureRandom());

        exchange(cliToken, null).statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("The credential is not a valid MicroENV credential"));
    }

    @Test
    void garbageCredentialIsUnauthorized() {
        exchange("not-a-credential", null).statusCode(401).contentType(PROBLEM);
        exchange("aaa.bbb.ccc", null).statusCode(401).contentType(PROBLEM);
    }

    @Test
    void callerWithoutTokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body(Map.of("credential", "x"))
                .when().post(EXCHANGE)
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void callerWithInvalidTokenIsUnauthorized() {
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").contentType(ContentType.JSON)
                .body(Map.of("credential", "x"))
                .when().post(EXCHANGE)
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void keycloakUserIsNotAllowedToCallInternalEndpoints() {
        given().auth().oauth2(demoUserToken()).contentType(ContentType.JSON)
                .body(Map.of("credential", demoUserToken()))
                .when().post(EXCHANGE)
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("gateway"));
    }

    @Test
    void internalJwtIsNotAcceptedOnInternalEndpoints() {
        String internalJwt = AuthTestClient.demoUserJwt(null);

        given().auth().oauth2(internalJwt).contentType(ContentType.JSON)
                .body(Map.of("credential", "x"))
                .when().post(EXCHANGE)
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().auth().oauth2(gatewayToken()).contentType(ContentType.JSON)
                .body("{\"credential\": \"menv_sk_")
                .when().post(EXCHANGE)
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://microenv.dev/problems/validation"))
                .body("detail", not(containsString("menv_sk_")))
                .body("instance", equalTo(EXCHANGE));
    }

    @Test
    void missingCredentialAndMalformedProjectIdAreBadRequests() {
        given().auth().oauth2(gatewayToken()).contentType(ContentType.JSON)
                .body(Map.of("projectId", UUID.randomUUID().toString()))
                .when().post(EXCHANGE)
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("credential"));

        exchange(demoUserToken(), "not-a-uuid").statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("projectId"));
    }

    /** Verifies signature (against the service's JWKS), issuer, audience and expiry, as downstream services do. */
    static JwtClaims verifiedAgainstJwks(String token) throws Exception {
        String jwks = given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("microenv-auth")
                .setExpectedAudience("microenv")
                .setRequireExpirationTime()
                .setRequireJwtId()
                .build()
                .processToClaims(token);
    }
}
