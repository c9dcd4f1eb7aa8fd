package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.StubServer.Received;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The test client plays a trusted proxy (loopback is configured as one), so X-Forwarded-For stands for the real
 * client address: CIDR-restricted keys, the per-IP lock-out and the per-credential rate limit.
 */
@QuarkusTest
@TestProfile(ClientIpAndLimitsTest.BehindTrustedProxy.class)
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class ClientIpAndLimitsTest {

    public static class BehindTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("microenv.gateway.client-ip.trusted-proxies", "127.0.0.0/8,::1/128",
                    "microenv.gateway.rate-limit.requests-per-second", "1",
                    "microenv.gateway.rate-limit.burst", "4",
                    "microenv.gateway.lockout.failures", "10");
        }
    }

    UpstreamStubs stubs;

    private static String variables(String project) {
        return "/v1/projects/" + project + "/environments/development/variables";
    }

    private static String randomIp(int firstOctet) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return firstOctet + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    @Test
    void cidrRestrictedKeyWorksFromAnAllowedIpAndIsRefusedFromAnotherEvenAfterACachedSuccess() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key, null, List.of("10.0.0.0/8", "2001:db8::/32"));

        given().auth().oauth2(key).header("X-Forwarded-For", "10.20.30.40").get(variables(project))
                .then().statusCode(200);
        assertThat(stubs.auth().exchangesFor(key)).hasSize(1);

        // The exchange for this key and project is cached now; the cache must not let another address through.
        given().auth().oauth2(key).header("X-Forwarded-For", "192.0.2.55").get(variables(project))
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://microenv.dev/problems/forbidden"))
                .body("detail", containsString("192.0.2.55"))
                .body("detail", org.hamcrest.Matchers.not(containsString(key)));
        assertThat(stubs.auth().exchangesFor(key)).hasSize(1);
        assertThat(stubs.secrets().received(r -> r.path().contains(project))).hasSize(1);

        given().auth().oauth2(key).header("X-Forwarded-For", "2001:db8::7").get(variables(project))
                .then().statusCode(200);
    }

    @Test
    void cidrRestrictedKeyFromOutsideIsRefusedOnTheFirstRequestToo() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key, null, List.of("10.0.0.0/8"));

        given().auth().oauth2(key).header("X-Forwarded-For", "198.51.100.9").get(variables(project))
                .then().statusCode(403).body("type", equalTo("https://microenv.dev/problems/forbidden"));

        assertThat(stubs.secrets().received(r -> r.path().contains(project))).isEmpty();
    }

    @Test
    void theClientIpIsTheRightMostAddressThatIsNotATrustedProxy() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key).header("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 127.0.0.9")
                .get(variables(project)).then().statusCode(200);

        assertThat(stubs.auth().exchangesFor(key).get(0).json().getString("clientIp")).isEqualTo("203.0.113.9");
        Received forwarded = stubs.secrets().received(r -> r.path().contains(project)).get(0);
        assertThat(forwarded.header("X-Forwarded-For")).isEqualTo("203.0.113.9");
    }

    @Test
    void twentyBadKeysFromOneIpLockItOutWhileAnotherIpIsUnaffected() {
        String attacker = randomIp(198);
        String bystander = randomIp(172);
        String project = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            int status = given().auth().oauth2(TestCredentials.withBadChecksum(TestCredentials.apiKey()))
                    .header("X-Forwarded-For", attacker).get(variables(project)).statusCode();
            assertThat(status).isIn(401, 429);
        }
        String valid = TestCredentials.apiKey();
        stubs.auth().accept(valid);

        Response locked = given().auth().oauth2(valid).header("X-Forwarded-For", attacker).get(variables(project));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isPositive();
        assertThat(locked.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/too-many-requests");
        assertThat(stubs.auth().exchangesFor(valid)).as("a locked-out IP costs no exchange").isEmpty();

        given().auth().oauth2(valid).header("X-Forwarded-For", bystander).get(variables(project)).then().statusCode(200);
    }

    @Test
    void unknownCredentialsFromTheExchangeCountTowardsTheLockOut() {
        String attacker = randomIp(100);
        String project = UUID.randomUUID().toString();
        int exchanged = 0;
        for (int i = 0; i < 20; i++) {
            String unknown = TestCredentials.apiKey();
            given().auth().oauth2(unknown).header("X-Forwarded-For", attacker).get(variables(project));
            exchanged += stubs.auth().exchangesFor(unknown).size();
        }

        assertThat(exchanged).isLessThan(20);
        given().auth().oauth2(TestCredentials.apiKey()).header("X-Forwarded-For", attacker).get(variables(project))
                .then().statusCode(429);
    }

    @Test
    void overTheRateLimitIsA429WithRetryAfterAndItRecovers() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        String ip = randomIp(10);

        Response limited = null;
        for (int i = 0; i < 40 && limited == null; i++) {
            Response response = given().auth().oauth2(key).header("X-Forwarded-For", ip).get(variables(project));
            assertThat(response.statusCode()).isIn(200, 429);
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("40 requests at once exceed a burst of 4 at 1 per second").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/too-many-requests");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(key).header("X-Forwarded-For", ip).get(variables(project)).then().statusCode(200));
        assertThat(com.microenv.gateway.support.Metrics.scrape()).contains("microenv_gateway_rejections_total{reason=\"rate\"}");
    }

    @Test
    void oidcLoginAndTheDeviceFlowAreRateLimitedPerClientIpWithoutAnExchange() {
        String ip = randomIp(45);
        String other = randomIp(46);
        Response limited = null;
        for (int i = 0; i < 12 && limited == null; i++) {
            String path = i % 2 == 0 ? "/v1/auth/oidc/login" : "/v1/auth/device";
            Response response = given().contentType("application/json").header("X-Forwarded-For", ip)
                    .body("{\"trustId\":\"trust_x\",\"token\":\"t\"}").post(path);
            assertThat(response.statusCode()).isIn(200, 429);
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("12 credential-free requests at once exceed a burst of 4 at 1 per second").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/too-many-requests");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        // Another client IP has a bucket of its own.
        given().contentType("application/json").header("X-Forwarded-For", other)
                .body("{\"trustId\":\"trust_x\",\"token\":\"t\"}").post("/v1/auth/oidc/login")
                .then().statusCode(200).body("service", equalTo("auth-service"));
        assertThat(stubs.auth().received(r -> r.path().equals("/v1/auth/oidc/login")
                && other.equals(r.header("X-Forwarded-For")))).hasSize(1);
    }
}
