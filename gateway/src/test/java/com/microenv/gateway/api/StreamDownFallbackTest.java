package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The credential event stream unreachable (the consumer points at a port where nothing listens; the shared Kafka
 * is left alone): readiness says so, and a cached exchange is reused for no longer than the configured bound.
 */
@QuarkusTest
@TestProfile(StreamDownFallbackTest.StreamUnreachable.class)
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class StreamDownFallbackTest {

    static final Duration BOUND = Duration.ofSeconds(3);

    public static class StreamUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("microenv.gateway.revocation.bootstrap-servers", "127.0.0.1:" + unusedPort(),
                    "microenv.gateway.revocation.fallback-max-age", BOUND.toSeconds() + "s");
        }
    }

    UpstreamStubs stubs;

    @Test
    void readinessIsDownAndSaysTheStreamIsDown() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'gateway' }.data.'credential-stream'", equalTo("down"))
                .body("checks.find { it.name == 'gateway' }.data.'cache-bound-while-down'", equalTo("PT3S"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aCachedExchangeIsReusedForNoLongerThanTheBound() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        String path = "/v1/projects/" + project + "/environments";
        stubs.auth().accept(key);
        long first = System.nanoTime();
        given().auth().oauth2(key).get(path).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            given().auth().oauth2(key).get(path).then().statusCode(200);
            assertThat(stubs.auth().exchangesFor(key)).hasSize(2);
        });

        Duration reusedFor = Duration.ofNanos(System.nanoTime() - first);
        assertThat(reusedFor).isGreaterThanOrEqualTo(BOUND);
        System.out.printf("stream down: cached exchange re-done after %d ms (bound %d ms)%n",
                reusedFor.toMillis(), BOUND.toMillis());
    }

    @Test
    void requestsStillWorkWhileTheStreamIsDown() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        given().auth().oauth2(key).get("/v1/projects/" + UUID.randomUUID() + "/environments").then().statusCode(200);
    }

    static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
