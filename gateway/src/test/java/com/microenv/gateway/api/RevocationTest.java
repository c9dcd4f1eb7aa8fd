package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.AuthServiceStub;
import com.microenv.gateway.support.CredentialEvents;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Credential events published to the real Kafka topic evict the gateway's cached exchanges: the next request is
 * exchanged again (and refused by auth-service, here a stub that has been told the credential is revoked).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class RevocationTest {

    private static CredentialEvents events;

    UpstreamStubs stubs;

    @BeforeAll
    static void producer() {
        events = new CredentialEvents(ConfigProvider.getConfig().getValue("MICROENV_KAFKA_BOOTSTRAP", String.class));
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    @BeforeEach
    void streamIsLive() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200).body("checks.find { it.name == 'gateway' }.data.'credential-stream'", equalTo("up")));
    }

    private static String variables(String project) {
        return "/v1/projects/" + project + "/environments/development/variables";
    }

    @Test
    void revokedApiKeyIsRefusedSoonAfterTheEventAlthoughItsExchangeWasCached() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        given().auth().oauth2(key).get(variables(project)).then().statusCode(200);
        given().auth().oauth2(key).get(variables(project)).then().statusCode(200);
        assertThat(stubs.auth().exchangesFor(key)).hasSize(1);

        stubs.auth().revoke(key);
        long published = System.nanoTime();
        events.credentialRevoked(project, null, List.of(AuthServiceStub.credentialIdFor(key)));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                given().auth().oauth2(key).get(variables(project)).then().statusCode(401));
        System.out.printf("revocation: refused %d ms after the event was acknowledged by Kafka%n",
                (System.nanoTime() - published) / 1_000_000);
        assertThat(com.microenv.gateway.support.Metrics.scrape())
                .contains("microenv_gateway_revocations_applied_total{type=\"credential.revoked\"}")
                .contains("microenv_gateway_revocations_evicted_total")
                .contains("microenv_gateway_revocations_lag_seconds_count");
    }

    @Test
    void removedMemberLosesTheCachedExchangesForThatProjectOnly() {
        String cliToken = TestCredentials.cliToken();
        String userId = UUID.randomUUID().toString();
        String project = UUID.randomUUID().toString();
        String otherProject = UUID.randomUUID().toString();
        stubs.auth().accept(cliToken, userId, null);
        given().auth().oauth2(cliToken).get(variables(project)).then().statusCode(200);
        given().auth().oauth2(cliToken).get(variables(otherProject)).then().statusCode(200);

        events.memberChanged(project, userId);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            given().auth().oauth2(cliToken).get(variables(project)).then().statusCode(200);
            assertThat(stubs.auth().exchangesFor(cliToken)).hasSize(3);
        });
        given().auth().oauth2(cliToken).get(variables(otherProject)).then().statusCode(200);
        assertThat(stubs.auth().exchangesFor(cliToken)).hasSize(3);
    }

    @Test
    void deletedProjectLosesEveryCachedExchange() {
        String one = TestCredentials.apiKey();
        String two = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(one);
        stubs.auth().accept(two);
        given().auth().oauth2(one).get(variables(project)).then().statusCode(200);
        given().auth().oauth2(two).get(variables(project)).then().statusCode(200);
        stubs.auth().revoke(one);
        stubs.auth().revoke(two);

        events.projectDeleted(project);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            given().auth().oauth2(one).get(variables(project)).then().statusCode(401);
            given().auth().oauth2(two).get(variables(project)).then().statusCode(401);
        });
    }

    @Test
    void unknownAndMalformedEventsAreSkippedAndLaterEventsStillApply() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        given().auth().oauth2(key).get(variables(project)).then().statusCode(200);
        stubs.auth().revoke(key);

        events.raw(project, "not json");
        events.raw(project, "{\"id\":\"x\",\"type\":\"credential.renamed\",\"projectId\":\"" + project + "\"}");
        events.credentialRevoked(project, null, List.of(AuthServiceStub.credentialIdFor(key)));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                given().auth().oauth2(key).get(variables(project)).then().statusCode(401));
    }

    @Test
    void workloadTokenIsExchangedOnceCachedAndEvictedByItsCredentialId() {
        String token = TestCredentials.workloadToken();
        String trust = "trust_" + UUID.randomUUID();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(token, trust, null);
        given().auth().oauth2(token).get(variables(project)).then().statusCode(200);
        given().auth().oauth2(token).get(variables(project)).then().statusCode(200);
        assertThat(stubs.auth().exchangesFor(token)).hasSize(1);
        assertThat(AuthServiceStub.credentialIdFor(token)).startsWith("wt_");

        // Deleting the trust (or the token's expiry) revokes it: credential.revoked names the wt_ id.
        stubs.auth().revoke(token);
        events.credentialRevoked(project, null, List.of(AuthServiceStub.credentialIdFor(token)));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                given().auth().oauth2(token).get(variables(project)).then().statusCode(401));
        assertThat(stubs.auth().exchangesFor(token)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void mistypedWorkloadTokenIsRefusedWithoutAnExchange() {
        String mistyped = TestCredentials.withBadChecksum(TestCredentials.workloadToken());

        given().auth().oauth2(mistyped).get(variables(UUID.randomUUID().toString())).then().statusCode(401)
                .body("detail", org.hamcrest.Matchers.containsString("workload token checksum"));
        assertThat(stubs.auth().exchangesFor(mistyped)).isEmpty();
    }
}
