package com.microenv.auth.api;

import com.microenv.credential.CredentialFormat;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microenv.auth.api.AuthTestClient.addMember;
import static com.microenv.auth.api.AuthTestClient.createProject;
import static com.microenv.auth.api.AuthTestClient.createProjectAs;
import static com.microenv.auth.api.AuthTestClient.demoUserJwt;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static com.microenv.auth.api.AuthTestClient.setting;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 12 against the real servers: the Keycloak realm {@code acme-ci} plays an outside CI issuer whose client
 * credentials tokens carry {@code repository}, {@code ref}, {@code workflow} and {@code environment}; a small
 * loopback issuer ({@link TestOidcIssuer}) signs the tokens Keycloak would never issue (expired, not yet valid).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class OidcTrustTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String NOT_ACCEPTED = "The identity token was not accepted by this trust";

    // ---- helpers

    private static String acmeIssuer() {
        return setting("MICROENV_KEYCLOAK_URL") + "/realms/acme-ci";
    }

    /** A client-credentials token of the acme-ci realm's client {@code acme-<name>}. */
    private static String acmeToken(String name) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "acme-" + name)
                .formParam("client_secret", "acme-ci-test-only-secret-" + name)
                .when().post(acmeIssuer() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static Map<String, Object> trustBody(String issuer, Map<String, String> claims) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "ci " + UUID.randomUUID().toString().substring(0, 6));
        body.put("issuer", issuer);
        body.put("audience", "microenv");
        body.put("claims", claims);
        body.put("permissions", List.of("read"));
        body.put("environments", List.of("production"));
        body.put("tokenLifetimeSeconds", 600);
        return body;
    }

    private static Map<String, String> acmeApiMain() {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("repository", "acme/api");
        claims.put("ref", "refs/heads/*");
        return claims;
    }

    private static ValidatableResponse postTrust(String ownerJwt, String projectId, Map<String, Object> body) {
        return given().auth().oauth2(ownerJwt).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/" + projectId + "/oidc-trusts").then();
    }

    /** A trust made by the demo user (the project's owner); its id. */
    private static String createTrust(String projectId, Map<String, Object> body) {
        return postTrust(demoUserJwt(projectId), projectId, body).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse login(String trustId, String token) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", "198.51.100.40")
                .body(Map.of("trustId", trustId, "token", token))
                .when().post("/v1/auth/oidc/login").then();
    }

    private static String loggedIn(String trustId, String token) {
        return login(trustId, token).statusCode(200).extract().path("access_token");
    }

    /** The login is refused with only "not accepted", and the trust's refusals list names {@code reason}. */
    private static Map<String, Object> refusedFor(String projectId, String trustId, String token, String reason) {
        String body = login(trustId, token).statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo(NOT_ACCEPTED))
                .extract().asString();
        assertThat(body).doesNotContain(reason.startsWith("claim:") ? reason : "\"" + reason + "\"").doesNotContain(token);
        List<Map<String, Object>> refusals = given().auth().oauth2(demoUserJwt(projectId))
                .when().get("/v1/projects/" + projectId + "/oidc-trusts/" + trustId + "/refusals")
                .then().statusCode(200).extract().path("");
        assertThat(refusals).isNotEmpty();
        Map<String, Object> newest = refusals.get(0);
        assertThat(newest.get("reason")).isEqualTo(reason);
        assertThat(newest.get("clientIp")).isEqualTo("198.51.100.40");
        assertThat(String.valueOf(newest.get("detail"))).doesNotContain(token);
        return newest;
    }

    private static String unverifiedKid(String jwt) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        return jws.getKeyIdHeaderValue();
    }

    // ---- a matching token

    @Test
    void matchingTokenGetsAWorkloadTokenThatTheExchangeGrantsExactlyTheTrustsScope() throws Exception {
        String projectId = createProject(uniqueName("oidc"));
        String otherProject = createProject(uniqueName("oidc-other"));
        String trustId = createTrust(projectId, trustBody(acmeIssuer(), acmeApiMain()));
        String outside = acmeToken("api-main");

        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            var issued = login(trustId, outside).statusCode(200)
                    .header("Cache-Control", containsString("no-store"))
                    .body("token_type", equalTo("Bearer"))
                    .body("project_id", equalTo(projectId))
                    .body("permissions", equalTo(List.of("read")))
                    .body("environments", equalTo(List.of("production")))
                    .body("expires_in", lessThanOrEqualTo(600))
                    .extract();
            String workload = issued.path("access_token");
            String tokenId = issued.path("token_id");
            assertThat(CredentialFormat.isValid(workload, CredentialFormat.Kind.WORKLOAD_TOKEN)).isTrue();
            assertThat(issued.<Integer>path("expires_in")).isGreaterThan(590);
            assertThat(tokenId).startsWith("wt_");

            var exchanged = exchange(workload, projectId).statusCode(200)
                    .body("credentialId", equalTo(tokenId)).body("subject", equalTo(trustId)).extract();
            JwtClaims claims = TokenExchangeTest.verifiedAgainstJwks(exchanged.path("token"));
            assertThat(claims.getSubject()).isEqualTo(trustId);
            assertThat(claims.getStringClaimValue("menv_cred_kind")).isEqualTo("workload");
            assertThat(claims.getStringClaimValue("menv_cred_id")).isEqualTo(tokenId);
            assertThat(claims.getStringClaimValue("menv_project")).isEqualTo(projectId);
            assertThat(claims.getStringListClaimValue("menv_perms")).containsExactly("read");
            assertThat(claims.getStringListClaimValue("menv_envs")).containsExactly("production");
            assertThat(claims.hasClaim("groups")).isFalse();

            // Another project: 403. The token is a machine's: it cannot mint keys.
            exchange(workload, otherProject).statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(exchanged.<String>path("token")).contentType(ContentType.JSON)
                    .body(Map.of("name", "x", "permissions", List.of("read"), "environments", List.of("*")))
                    .when().post("/v1/projects/" + projectId + "/api-keys").then().statusCode(403);
            given().auth().oauth2(jwt(workload, null)).when().get("/v1/me").then().statusCode(200)
                    .body("kind", equalTo("workload")).body("id", equalTo(trustId));

            var completed = audit.awaitAudit("com.microenv.oidc.login_completed.v1", tokenId);
            assertThat(completed.key()).isEqualTo(projectId);
            assertThat(completed.raw()).contains(trustId).doesNotContain(workload).doesNotContain(outside);
        }
    }

    // ---- refusals, each audited with its reason

    @Test
    void wrongIssuerIsRefused() throws Exception {
        String projectId = createProject(uniqueName("oidc-iss"));
        // The trust names MicroENV's own realm; the token comes from acme-ci.
        String trustId = createTrust(projectId, trustBody(setting("MICROENV_KEYCLOAK_URL") + "/realms/microenv", acmeApiMain()));
        String token = acmeToken("api-main");
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            assertThat(String.valueOf(refusedFor(projectId, trustId, token, "issuer").get("detail"))).contains(acmeIssuer());
            var refused = audit.awaitAudit("com.microenv.oidc.login_refused.v1", trustId);
            assertThat(refused.json().path("data").path("details").path("reason").asText()).isEqualTo("issuer");
            assertThat(refused.json().path("data").path("outcome").asText()).isEqualTo("denied");
            assertThat(refused.key()).isEqualTo(projectId);
            assertThat(refused.raw()).doesNotContain(token);
        }
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        String projectId = createProject(uniqueName("oidc-sig"));
        String trustId = createTrust(projectId, trustBody(acmeIssuer(), acmeApiMain()));
        String real = acmeToken("api-main");
        // The real token's claims and kid, signed with a key the issuer never had.
        JwtClaims claims = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(real);
        JsonWebSignature forged = new JsonWebSignature();
        forged.setPayload(claims.toJson());
        forged.setKey(TestOidcIssuer.strangerKey().getPrivateKey());
        forged.setKeyIdHeaderValue(unverifiedKid(real));
        forged.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            refusedFor(projectId, trustId, forged.getCompactSerialization(), "signature");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "\"signature\"");
        }
        // A kid the issuer does not know at all is refused the same way.
        forged.setKeyIdHeaderValue("not-a-key-of-acme-ci");
        refusedFor(projectId, trustId, forged.getCompactSerialization(), "signature");
        // The genuine token still works: the forgery consumed nothing.
        login(trustId, real).statusCode(200);
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() throws Exception {
        try (TestOidcIssuer issuer = TestOidcIssuer.start(); KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            String projectId = createProject(uniqueName("oidc-time"));
            Map<String, String> rules = Map.of("repository", "acme/api");
            String trustId = createTrust(projectId, trustBody(issuer.issuer(), rules));
            // The issuer is sound: a current token of it is accepted.
            login(trustId, issuer.token(claims -> { })).statusCode(200);

            String expired = issuer.token(claims -> {
                claims.setIssuedAt(TestOidcIssuer.secondsFromNow(-600));
                claims.setExpirationTime(TestOidcIssuer.secondsFromNow(-120));
            });
            assertThat(String.valueOf(refusedFor(projectId, trustId, expired, "expired").get("detail"))).contains("expired at");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "\"expired\"");

            String notYet = issuer.token(claims -> {
                claims.setNotBefore(TestOidcIssuer.secondsFromNow(600));
                claims.setExpirationTime(TestOidcIssuer.secondsFromNow(1200));
            });
            refusedFor(projectId, trustId, notYet, "not_yet_valid");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "\"not_yet_valid\"");

            // Within the small skew: accepted.
            login(trustId, issuer.token(claims -> claims.setNotBefore(TestOidcIssuer.secondsFromNow(10)))).statusCode(200);
        }
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        String projectId = createProject(uniqueName("oidc-aud"));
        Map<String, Object> body = trustBody(acmeIssuer(), acmeApiMain());
        body.put("audience", "https://someone-else.example");
        String trustId = createTrust(projectId, body);
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            refusedFor(projectId, trustId, acmeToken("api-main"), "audience");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "\"audience\"");
        }
    }

    @Test
    void claimMismatchIsRefusedNamingTheRule() throws Exception {
        String projectId = createProject(uniqueName("oidc-claims"));
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("repository", "acme/api");
        rules.put("ref", "refs/heads/main");
        rules.put("workflow", "deploy");
        String trustId = createTrust(projectId, trustBody(acmeIssuer(), rules));
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            var other = refusedFor(projectId, trustId, acmeToken("other"), "claim:repository");
            assertThat(String.valueOf(other.get("detail"))).contains("'acme/other'").contains("'acme/api'");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "claim:repository");

            var dev = refusedFor(projectId, trustId, acmeToken("api-dev"), "claim:ref");
            assertThat(String.valueOf(dev.get("detail"))).contains("'refs/heads/dev'").contains("'refs/heads/main'");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "claim:ref");
        }
        login(trustId, acmeToken("api-main")).statusCode(200);
    }

    @Test
    void replayedTokenIsRefused() throws Exception {
        String projectId = createProject(uniqueName("oidc-replay"));
        String trustId = createTrust(projectId, trustBody(acmeIssuer(), acmeApiMain()));
        String token = acmeToken("api-main");
        login(trustId, token).statusCode(200);
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            refusedFor(projectId, trustId, token, "replayed");
            audit.awaitAudit("com.microenv.oidc.login_refused.v1", "\"replayed\"");
        }
        login(trustId, acmeToken("api-main")).statusCode(200);
    }

    @Test
    void deletedTrustRefusesLoginsAndRevokesItsLiveTokens() throws Exception {
        String projectId = createProject(uniqueName("oidc-delete"));
        String trustId = createTrust(projectId, trustBody(acmeIssuer(), acmeApiMain()));
        var issued = login(trustId, acmeToken("api-main")).statusCode(200).extract();
        String workload = issued.path("access_token");
        String tokenId = issued.path("token_id");
        exchange(workload, projectId).statusCode(200);

        try (KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow();
             KafkaTopicReader audit = KafkaTopicReader.auditFromNow()) {
            given().auth().oauth2(demoUserJwt(projectId)).when().delete("/v1/projects/" + projectId + "/oidc-trusts/" + trustId)
                    .then().statusCode(204);
            var revoked = credentials.awaitCredentialEvent("credential.revoked", tokenId);
            assertThat(revoked.json().path("reason").asText()).isEqualTo("revoked");
            assertThat(revoked.json().path("projectId").asText()).isEqualTo(projectId);
            assertThat(audit.awaitAudit("com.microenv.oidctrust.deleted.v1", tokenId).raw()).doesNotContain(workload);

            exchange(workload, projectId).statusCode(401).body("detail", containsString("revoked"));
            given().auth().oauth2(demoUserJwt(projectId)).when().get("/v1/projects/" + projectId + "/oidc-trusts/" + trustId)
                    .then().statusCode(404);
            // Logins against it are refused and still reach the project's audit log.
            login(trustId, acmeToken("api-main")).statusCode(401).body("detail", equalTo(NOT_ACCEPTED));
            var refused = audit.awaitAudit("com.microenv.oidc.login_refused.v1", "\"trust_deleted\"");
            assertThat(refused.key()).isEqualTo(projectId);
        }
    }

    @Test
    void unknownTrustGetsTheSameAnswer() {
        login("trust_doesnotexist0000000", acmeToken("api-main")).statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo(NOT_ACCEPTED));
        login("trust_x", "not a jwt").statusCode(401).body("detail", equalTo(NOT_ACCEPTED));
        given().contentType(ContentType.JSON).body(Map.of("trustId", "trust_x"))
                .when().post("/v1/auth/oidc/login").then().statusCode(400).contentType(PROBLEM);
    }

    // ---- lifetime and rotation

    @Test
    void workloadTokenStopsWorkingAfterItsLifetime() throws Exception {
        String projectId = createProject(uniqueName("oidc-lifetime"));
        Map<String, Object> body = trustBody(acmeIssuer(), acmeApiMain());
        body.put("tokenLifetimeSeconds", 3);
        String trustId = createTrust(projectId, body);
        var issued = login(trustId, acmeToken("api-main")).statusCode(200).body("expires_in", lessThanOrEqualTo(3)).extract();
        String workload = issued.path("access_token");
        // The internal JWT never outlives the workload token.
        exchange(workload, projectId).statusCode(200).body("expiresIn", lessThanOrEqualTo(3));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                exchange(workload, projectId).statusCode(401).contentType(PROBLEM).body("detail", containsString("expired")));
    }

    @Test
    void rotationOfTheIssuersSigningKeyIsFollowedWithoutRestart() throws Exception {
        String projectId = createProject(uniqueName("oidc-rotation"));
        String trustId = createTrust(projectId, trustBody(acmeIssuer(), acmeApiMain()));
        String before = acmeToken("api-main");
        login(trustId, before).statusCode(200); // the issuer's JWKS is now cached

        String componentId = AcmeCiKeys.addRsaKeyWithTopPriority();
        try {
            String after = acmeToken("api-main");
            assertThat(unverifiedKid(after)).as("tokens are signed with the new key").isNotEqualTo(unverifiedKid(before));
            login(trustId, after).statusCode(200);
        } finally {
            AcmeCiKeys.remove(componentId);
        }
    }

    // ---- registering trusts

    @Test
    void trustWithoutAPinningRuleIsRefused() {
        String projectId = createProject(uniqueName("oidc-pin"));
        String owner = demoUserJwt(projectId);
        for (Map<String, String> rules : List.of(Map.of("ref", "refs/heads/main"), Map.of("repository", "*"),
                Map.of("repository", "*/api"), Map.of("sub", "repo:*"), Map.of("repository", "acme*"))) {
            postTrust(owner, projectId, trustBody(acmeIssuer(), rules)).statusCode(400).contentType(PROBLEM)
                    .body("detail", containsString("pins the identity"));
        }
        Map<String, Object> none = trustBody(acmeIssuer(), Map.of());
        postTrust(owner, projectId, none).statusCode(400).body("detail", containsString("at least one rule"));
        // Owner-qualified globs and Kubernetes namespaces pin.
        postTrust(owner, projectId, trustBody(acmeIssuer(), Map.of("repository", "acme/*"))).statusCode(201);
        postTrust(owner, projectId, trustBody(acmeIssuer(), Map.of("sub", "system:serviceaccount:payments:*"))).statusCode(201);
        given().auth().oauth2(owner).when().get("/v1/projects/" + projectId + "/oidc-trusts").then().statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void presetsFillTheIssuerAndCatchUnknownClaims() {
        String projectId = createProject(uniqueName("oidc-presets"));
        String owner = demoUserJwt(projectId);
        Map<String, Object> github = new HashMap<>(Map.of("name", "deploys", "preset", "github-actions",
                "claims", Map.of("repository", "acme/api", "ref", "refs/heads/main", "environment", "production"),
                "permissions", List.of("read"), "environments", List.of("production")));
        postTrust(owner, projectId, github).statusCode(201)
                .body("issuer", equalTo("https://token.actions.githubusercontent.com"))
                .body("audience", equalTo("microenv"))
                .body("preset", equalTo("github-actions"))
                .body("tokenLifetimeSeconds", equalTo(900));
        github.put("claims", Map.of("repo", "acme/api"));
        postTrust(owner, projectId, github).statusCode(400).body("detail", containsString("'repo' is not a claim of github-actions"));

        Map<String, Object> gitlab = new HashMap<>(Map.of("name", "gitlab", "preset", "gitlab-ci",
                "claims", Map.of("project_path", "acme/api", "ref_protected", "true"),
                "permissions", List.of("read"), "environments", List.of("*")));
        postTrust(owner, projectId, gitlab).statusCode(201).body("issuer", equalTo("https://gitlab.com"));

        Map<String, Object> kubernetes = new HashMap<>(Map.of("name", "payments api", "preset", "kubernetes",
                "claims", Map.of("sub", "system:serviceaccount:payments:api"),
                "permissions", List.of("read"), "environments", List.of("production")));
        postTrust(owner, projectId, kubernetes).statusCode(400).body("detail", containsString("cluster"));
        kubernetes.put("issuer", "https://kubernetes.default.svc.cluster.local");
        postTrust(owner, projectId, kubernetes).statusCode(201);
        github.put("preset", "jenkins");
        postTrust(owner, projectId, github).statusCode(400).body("detail", containsString("preset must be one of"));
    }

    @Test
    void lifetimeIsBoundedAndIssuersMustBeUrls() {
        String projectId = createProject(uniqueName("oidc-bounds"));
        String owner = demoUserJwt(projectId);
        Map<String, Object> body = trustBody(acmeIssuer(), acmeApiMain());
        body.put("tokenLifetimeSeconds", 7200);
        postTrust(owner, projectId, body).statusCode(400).body("detail", containsString("3600"));
        body.put("tokenLifetimeSeconds", 1);
        postTrust(owner, projectId, body).statusCode(400).body("detail", containsString("tokenLifetimeSeconds"));
        Map<String, Object> ftp = trustBody("ftp://ci.example/issuer", acmeApiMain());
        postTrust(owner, projectId, ftp).statusCode(400).body("detail", containsString("issuer must be an https URL"));
    }

    @Test
    void onlyAdminsManageTrustsAndATrustNeverOutgrowsItsCreator() throws Exception {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("oidc-roles"));
        String dev = TestUsers.token("oidc-dev");
        String devId = TestUsers.ensure("oidc-dev");
        jwt(dev, null);
        addMember(owner, projectId, TestUsers.email("oidc-dev"), "developer");
        postTrust(jwt(dev, projectId), projectId, trustBody(acmeIssuer(), acmeApiMain())).statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(jwt(dev, projectId)).when().get("/v1/projects/" + projectId + "/oidc-trusts").then().statusCode(403);

        // An admin's trust works while they are admin; once demoted, its logins and live tokens stop.
        String admin = TestUsers.token("oidc-admin");
        String adminId = TestUsers.ensure("oidc-admin");
        jwt(admin, null);
        addMember(owner, projectId, TestUsers.email("oidc-admin"), "admin");
        Map<String, Object> body = trustBody(acmeIssuer(), acmeApiMain());
        body.put("permissions", List.of("read", "write"));
        String trustId = postTrust(jwt(admin, projectId), projectId, body).statusCode(201).extract().path("id");
        String workload = loggedIn(trustId, acmeToken("api-main"));
        exchange(workload, projectId).statusCode(200);

        given().auth().oauth2(jwt(owner, projectId)).contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .when().patch("/v1/projects/" + projectId + "/members/" + adminId).then().statusCode(200);
        exchange(workload, projectId).statusCode(403).body("detail", containsString("creator"));
        refusedFor(projectId, trustId, acmeToken("api-main"), "creator_lacks_permissions");
        assertThat(devId).isNotBlank();
    }

    @Test
    void changingWhatATrustGrantsRevokesItsLiveTokensAndIsAudited() throws Exception {
        String projectId = createProject(uniqueName("oidc-patch"));
        try (KafkaTopicReader audit = KafkaTopicReader.auditFromNow();
             KafkaTopicReader credentials = KafkaTopicReader.credentialsFromNow()) {
            String trustId = createTrust(projectId, trustBody(acmeIssuer(), acmeApiMain()));
            audit.awaitAudit("com.microenv.oidctrust.created.v1", trustId);
            var issued = login(trustId, acmeToken("api-main")).statusCode(200).extract();
            String workload = issued.path("access_token");

            // A new name changes nothing a token means: it keeps working.
            given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                    .when().patch("/v1/projects/" + projectId + "/oidc-trusts/" + trustId)
                    .then().statusCode(200).body("name", equalTo("renamed"));
            exchange(workload, projectId).statusCode(200);

            given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON)
                    .body(Map.of("environments", List.of("production", "staging")))
                    .when().patch("/v1/projects/" + projectId + "/oidc-trusts/" + trustId)
                    .then().statusCode(200).body("environments", equalTo(List.of("production", "staging")));
            credentials.awaitCredentialEvent("credential.revoked", issued.path("token_id"));
            exchange(workload, projectId).statusCode(401).body("detail", containsString("revoked"));
            audit.awaitAudit("com.microenv.oidctrust.updated.v1", (String) issued.path("token_id"));
            // Changes are validated like creation.
            given().auth().oauth2(demoUserJwt(projectId)).contentType(ContentType.JSON)
                    .body(Map.of("claims", Map.of("ref", "refs/heads/main")))
                    .when().patch("/v1/projects/" + projectId + "/oidc-trusts/" + trustId)
                    .then().statusCode(400).body("detail", containsString("pins the identity"));
            login(trustId, acmeToken("api-main")).statusCode(200).body("environments", equalTo(List.of("production", "staging")));
        }
    }

    /** The acme-ci realm's signing keys, changed through Keycloak's real admin API. */
    static final class AcmeCiKeys {

        private AcmeCiKeys() {
        }

        private static String admin() {
            return given().contentType(ContentType.URLENC)
                    .formParam("grant_type", "password")
                    .formParam("client_id", "admin-cli")
                    .formParam("username", setting("MICROENV_KEYCLOAK_ADMIN_USERNAME"))
                    .formParam("password", setting("MICROENV_KEYCLOAK_ADMIN_PASSWORD"))
                    .when().post(setting("MICROENV_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token")
                    .then().statusCode(200).extract().path("access_token");
        }

        private static String adminUrl() {
            return setting("MICROENV_KEYCLOAK_URL") + "/admin/realms/acme-ci";
        }

        /** A new rsa-generated key provider above every existing key: Keycloak signs new tokens with it. Its id. */
        static String addRsaKeyWithTopPriority() {
            String token = admin();
            String realmId = given().auth().oauth2(token).when().get(adminUrl()).then().statusCode(200).extract().path("id");
            List<Object> priorities = given().auth().oauth2(token).when().get(adminUrl() + "/keys")
                    .then().statusCode(200).extract().path("keys.providerPriority");
            long top = priorities.stream().mapToLong(p -> Long.parseLong(String.valueOf(p))).max().orElse(100);
            String name = "rotated-" + UUID.randomUUID().toString().substring(0, 8);
            ExtractableResponse<Response> created = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("name", name, "providerId", "rsa-generated", "providerType", "org.keycloak.keys.KeyProvider",
                            "parentId", realmId, "config", Map.of("priority", List.of(Long.toString(top + 10)),
                                    "keySize", List.of("2048"), "algorithm", List.of("RS256"),
                                    "active", List.of("true"), "enabled", List.of("true"))))
                    .when().post(adminUrl() + "/components").then().statusCode(201).extract();
            String location = created.header("Location");
            return location.substring(location.lastIndexOf('/') + 1);
        }

        static void remove(String componentId) {
            given().auth().oauth2(admin()).when().delete(adminUrl() + "/components/" + componentId).then().statusCode(204);
        }
    }
}
