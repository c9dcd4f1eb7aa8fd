package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway in front of the real auth-service (no stub): a CIDR-restricted key from an allowed and from another
 * source address, an untrusted {@code X-Forwarded-For}, revocation timing, and request ids in audit events and log
 * lines. Linux routes all of 127.0.0.0/8 to the loopback interface, so binding the client socket to 127.0.0.2 makes a
 * second client address on one machine; the stack's gateway trusts no proxy, so its client IP is the TCP peer.
 */
class GatewayEdgeIT {

    private static final String VARIABLES = "/v1/projects/{project}/environments/{environment}/variables";
    private static final String OTHER_IP = "127.0.0.2";

    /** Requests whose TCP connection comes from {@code localAddress} (Apache HttpClient's route local address). */
    private static RequestSpecification from(String localAddress) {
        InetAddress local;
        try {
            local = InetAddress.getByName(localAddress);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return RestAssured.given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", local)));
    }

    private static String cliToken() {
        return Platform.setting("MICROENV_DEMO_CLI_TOKEN");
    }

    private static Map<String, Object> createKey(String name, List<String> environments, List<String> cidrs, String requestId) {
        Map<String, Object> body = cidrs == null
                ? Map.of("name", name, "permissions", List.of("read"), "environments", environments)
                : Map.of("name", name, "permissions", List.of("read"), "environments", environments, "allowedCidrs", cidrs);
        return RestAssured.given().header("Authorization", "Bearer " + cliToken()).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON).body(body)
                .post(Platform.apiUrl() + "/v1/projects/{project}/api-keys", Platform.demoProject())
                .then().statusCode(201).extract().jsonPath().getMap("");
    }

    private static void revoke(Object keyId) {
        RestAssured.given().header("Authorization", "Bearer " + cliToken())
                .delete(Platform.apiUrl() + "/v1/projects/{project}/api-keys/{id}", Platform.demoProject(), keyId)
                .then().statusCode(200);
    }

    private static Response read(RequestSpecification spec, String key, String environment) {
        return spec.header("Authorization", "Bearer " + key)
                .get(Platform.apiUrl() + VARIABLES, Platform.demoProject(), environment);
    }

    @Test
    void aCidrRestrictedKeyWorksFromTheAllowedAddressAndIsRefusedFromAnotherAlsoRightAfterACachedSuccess() {
        Map<String, Object> created = createKey("e2e cidr " + System.nanoTime(), List.of("development"),
                List.of("127.0.0.1/32"), "e2e-cidr-" + System.nanoTime());
        String key = (String) created.get("key");
        assertThat(created.get("allowedCidrs")).isEqualTo(List.of("127.0.0.1/32"));
        try {
            // Refused before any success (auth-service's own check of the exchange's clientIp) ...
            Response first = read(from(OTHER_IP), key, "development");
            assertThat(first.statusCode()).isEqualTo(403);
            assertThat(first.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/forbidden");

            // ... allowed from 127.0.0.1, twice (the second from the gateway's cache) ...
            read(from("127.0.0.1"), key, "development").then().statusCode(200);
            read(from("127.0.0.1"), key, "development").then().statusCode(200);

            // ... and refused from 127.0.0.2 right after that cached success.
            Response refused = read(from(OTHER_IP), key, "development");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("type")).isEqualTo("https://microenv.dev/problems/forbidden");
            assertThat(refused.jsonPath().getString("detail")).contains(OTHER_IP).doesNotContain(key);
            assertThat(refused.asString()).doesNotContain(key);

            // An untrusted peer's X-Forwarded-For is ignored: claiming the allowed address does not help ...
            Response forged = read(from(OTHER_IP).header("X-Forwarded-For", "127.0.0.1"), key, "development");
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.jsonPath().getString("detail")).contains(OTHER_IP);
            // ... and claiming another one from the allowed peer does not hurt.
            read(from("127.0.0.1").header("X-Forwarded-For", "203.0.113.7"), key, "development").then().statusCode(200);

            // auth-service saw the allowed peer as the client, not the forged header.
            String lastIp = RestAssured.given().header("Authorization", "Bearer " + cliToken())
                    .get(Platform.apiUrl() + "/v1/projects/{project}/api-keys/{id}", Platform.demoProject(), created.get("id"))
                    .then().statusCode(200).extract().path("lastClientIp");
            assertThat(lastIp).isIn("127.0.0.1", null);
        } finally {
            revoke(created.get("id"));
        }
    }

    @Test
    void aKeyRevokedThroughAuthServiceIsRefusedByTheGatewayAtOnce() {
        Map<String, Object> created = createKey("e2e revoke timing " + System.nanoTime(), List.of("development"), null,
                "e2e-revoke-" + System.nanoTime());
        String key = (String) created.get("key");
        read(RestAssured.given(), key, "development").then().statusCode(200);
        read(RestAssured.given(), key, "development").then().statusCode(200); // cached exchange now

        revoke(created.get("id"));
        long revoked = System.nanoTime();
        long[] refusedAfter = {-1};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
            if (read(RestAssured.given(), key, "development").statusCode() == 401) {
                refusedAfter[0] = (System.nanoTime() - revoked) / 1_000_000;
                return true;
            }
            return false;
        });
        System.out.printf("real stack: key revoked through auth-service refused by the gateway %d ms after the "
                + "revocation answered%n", refusedAfter[0]);
        assertThat(refusedAfter[0]).as("refused within 1 s of the revocation").isLessThan(1000);
    }

    @Test
    void theRequestIdReachesAuditEventsAndTheServicesLogLines() {
        String createId = "e2e-reqid-create-" + System.nanoTime();
        Map<String, Object> created = createKey("e2e request id " + System.nanoTime(), List.of("production"), null, createId);
        String key = (String) created.get("key");
        try {
            // auth-service's audit event of the creation carries the request id the client sent through the gateway.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<Map<String, Object>> events = RestAssured.given()
                        .header("Authorization", "Bearer " + Platform.demoUserToken())
                        .queryParam("requestId", createId)
                        .get(Platform.apiUrl() + "/v1/projects/{project}/audit-events", Platform.demoProject())
                        .then().statusCode(200).extract().jsonPath().getList("events");
                assertThat(events).isNotEmpty();
                assertThat(events).allSatisfy(event -> assertThat(((Map<?, ?>) event.get("data")).get("requestId"))
                        .isEqualTo(createId));
                assertThat(events).anySatisfy(event -> assertThat((String) event.get("type")).contains("apikey.created"));
            });

            // secrets-service logs the refusal of staging to this production-only key; the line carries the id
            // from the MDC ([req=…]), put there by its request filter.
            String deniedId = "e2e-reqid-denied-" + System.nanoTime();
            read(RestAssured.given().header("X-Request-Id", deniedId), key, "staging").then().statusCode(403)
                    .header("X-Request-Id", deniedId);
            Path log = Platform.stateDirectory().resolve("logs").resolve("secrets-service.log");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(lines(log)).anySatisfy(line -> assertThat(line).contains("[req=" + deniedId + "]")));
            assertThat(String.join("\n", lines(log))).doesNotContain(key);
        } finally {
            revoke(created.get("id"));
        }
    }

    @Test
    void rateLimitAndLockOutGive429WithRetryAfterAndTheMetricsCountThem() {
        Map<String, Object> created = createKey("e2e rate " + System.nanoTime(), List.of("development"), null,
                "e2e-rate-" + System.nanoTime());
        String key = (String) created.get("key");
        try {
            // Secret values: never cached anywhere.
            read(RestAssured.given(), key, "development").then().statusCode(200).header("Cache-Control", "no-store");

            // Per credential, 20/s with a burst of 40 (the stack's defaults): 100 requests at once exceed it.
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            Platform.apiUrl() + "/v1/projects/" + Platform.demoProject() + "/environments/development/variables"))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).build();
            List<java.net.http.HttpResponse<String>> answers = java.util.stream.IntStream.range(0, 100)
                    .mapToObj(i -> http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                    .toList().stream().map(java.util.concurrent.CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isIn(200, 429));
            java.net.http.HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst()
                    .orElseThrow(() -> new AssertionError("100 requests at once were not limited"));
            assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(limited.body()).contains("https://microenv.dev/problems/too-many-requests");
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            System.out.printf("real stack: %d of 100 simultaneous requests of one key were limited (429)%n",
                    answers.stream().filter(a -> a.statusCode() == 429).count());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    read(RestAssured.given(), key, "development").then().statusCode(200));

            // 20 mistyped keys from 127.0.0.3 lock that address out (no call to auth-service for a bad checksum);
            // 127.0.0.1 is unaffected.
            String attacker = "127.0.0.3";
            String mistyped = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
            for (int i = 0; i < 20; i++) {
                assertThat(read(from(attacker), mistyped, "development").statusCode()).isIn(401, 429);
            }
            Response locked = read(from(attacker), key, "development");
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(locked.header("Retry-After"))).isPositive();
            assertThat(locked.jsonPath().getString("detail")).contains(attacker);
            read(from("127.0.0.1"), key, "development").then().statusCode(200);

            String metrics = RestAssured.get("http://127.0.0.1:" + Platform.settings().getOrDefault("MICROENV_GATEWAY_MGMT_PORT", "9080")
                    + "/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics)
                    .contains("microenv_gateway_rejections_total{reason=\"rate\"")
                    .contains("microenv_gateway_rejections_total{reason=\"lockout\"")
                    .contains("microenv_gateway_exchanges_total{outcome=\"granted\"")
                    .contains("microenv_gateway_token_cache_total{result=\"hit\"")
                    .contains("microenv_gateway_requests_seconds_bucket")
                    .doesNotContain(key);
            // The public port does not serve them.
            RestAssured.get(Platform.apiUrl() + "/q/metrics").then().statusCode(404);
        } finally {
            revoke(created.get("id"));
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
