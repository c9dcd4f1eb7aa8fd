package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.StubServer.Received;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** OpenTelemetry switched on by its one setting: the trace context reaches the upstream and the token exchange. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class TracingTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // No collector in tests: export to a port where nothing listens, rarely.
            return Map.of("MICROENV_OTEL_SDK_DISABLED", "false",
                    "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + StreamDownFallbackTest.unusedPort(),
                    "quarkus.otel.bsp.schedule.delay", "60s");
        }
    }

    UpstreamStubs stubs;

    @Test
    void theUpstreamReceivesATraceparentOfTheGatewaysTrace() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        given().auth().oauth2(key).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .get("/v1/projects/" + project + "/environments").then().statusCode(200);

        Received forwarded = stubs.secrets().received(r -> r.path().contains(project)).get(0);
        assertThat(forwarded.header("traceparent")).startsWith("00-" + traceId + "-")
                .doesNotEndWith("00f067aa0ba902b7-01");
        assertThat(stubs.auth().exchangesFor(key).get(0).header("traceparent")).startsWith("00-" + traceId + "-");
    }
}
