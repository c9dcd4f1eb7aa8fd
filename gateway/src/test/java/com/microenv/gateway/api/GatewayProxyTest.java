package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.AuthServiceStub;
import com.microenv.gateway.support.Jwts;
import com.microenv.gateway.support.StubServer;
import com.microenv.gateway.support.StubServer.Received;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class GatewayProxyTest {

    UpstreamStubs stubs;

    private static String variablesPath(String project) {
        return "/v1/projects/" + project + "/environments/development/variables";
    }

    private static ValidatableResponse isProblem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", notNullValue())
                .body("type", equalTo("https://microenv.dev/problems/" + slug))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void requestWithoutCredentialIsUnauthorizedWithoutCallingAnyService() {
        String project = UUID.randomUUID().toString();

        isProblem(given().get(variablesPath(project)).then(), 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("instance", equalTo(variablesPath(project)));

        assertThat(stubs.auth().received(r -> r.path().equals(AuthServiceStub.EXCHANGE_PATH)
                && project.equals(r.json().getString("projectId")))).isEmpty();
        assertThat(stubs.secrets().received(r -> r.path().contains(project))).isEmpty();
    }

    @Test
    void apiKeyWithBadChecksumIsUnauthorizedWithoutATokenExchange() {
        String mistyped = TestCredentials.withBadChecksum(TestCredentials.apiKey());

        isProblem(given().auth().oauth2(mistyped).get(variablesPath(UUID.randomUUID().toString())).then(), 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", org.hamcrest.Matchers.containsString("checksum"));

        assertThat(stubs.auth().exchangesFor(mistyped)).isEmpty();
    }

    @Test
    void garbageBearerIsUnauthorizedWithoutATokenExchange() {
        isProblem(given().auth().oauth2("not-a-credential").get(variablesPath(UUID.randomUUID().toString())).then(),
                401, "unauthorized");

        assertThat(stubs.auth().exchangesFor("not-a-credential")).isEmpty();
    }

    @Test
    void validApiKeyIsExchangedOnceAndForwardedToSecretsServiceWithTheInternalJwt() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key).header("User-Agent", "gateway-test/1.0")
                .get(variablesPath(project))
                .then().statusCode(200)
                .body("service", equalTo("secrets-service"))
                .body("path", equalTo(variablesPath(project)));

        List<Received> exchanges = stubs.auth().exchangesFor(key);
        assertThat(exchanges).hasSize(1);
        assertThat(exchanges.get(0).json().getString("projectId")).isEqualTo(project);
        assertThat(exchanges.get(0).json().getString("clientIp")).isNotBlank();

        Received forwarded = single(stubs.secrets(), project);
        String internalJwt = stubs.auth().issuedTokenFor(key);
        assertThat(forwarded.method()).isEqualTo("GET");
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer " + internalJwt);
        assertThat(forwarded.headers().toString()).doesNotContain(key);
        assertThat(forwarded.header("X-Forwarded-For")).isNotBlank();
        assertThat(forwarded.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(forwarded.header("User-Agent")).isEqualTo("gateway-test/1.0");
        assertThat(forwarded.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void secondRequestWithTheSameKeyAndProjectIsServedFromTheCache() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key).get(variablesPath(project)).then().statusCode(200);
        given().auth().oauth2(key).get("/v1/projects/" + project + "/environments").then().statusCode(200);

        assertThat(stubs.auth().exchangesFor(key)).hasSize(1);
        assertThat(stubs.secrets().received(r -> r.path().contains(project)))
                .extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer " + stubs.auth().issuedTokenFor(key));
    }

    @Test
    void theExchangeCarriesARealKeycloakServiceTokenOfTheGatewayClient() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        given().auth().oauth2(key).get(variablesPath(UUID.randomUUID().toString())).then().statusCode(200);

        String authorization = stubs.auth().exchangesFor(key).get(0).header("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        JsonObject claims = Jwts.claims(authorization.substring("Bearer ".length()));
        assertThat(claims.getString("azp")).isEqualTo("microenv-gateway");
        assertThat(claims.getString("iss")).endsWith("/realms/microenv");
    }

    @Test
    void concurrentRequestsForAnUncachedKeyShareOneExchange() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().acceptSlowly(key, 500);
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + variablesPath(project));

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 8)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(responses).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
        assertThat(stubs.auth().exchangesFor(key)).hasSize(1);
    }

    @Test
    void exchangeRefusalOf403IsPassedThroughAsTheSameProblem() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().deny(key);

        isProblem(given().auth().oauth2(key).get(variablesPath(project)).then(), 403, "forbidden")
                .body("detail", equalTo("Stub: this API key has no access to project " + project + "."));

        assertThat(stubs.secrets().received(r -> r.path().contains(project))).isEmpty();
    }

    @Test
    void unknownCredentialIsPassedThroughAsUnauthorized() {
        String key = TestCredentials.apiKey();

        isProblem(given().auth().oauth2(key).get(variablesPath(UUID.randomUUID().toString())).then(), 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", equalTo("Stub: the credential is unknown, revoked or expired."));

        assertThat(stubs.auth().exchangesFor(key)).hasSize(1);
    }

    @Test
    void refusalsAreNotCachedSoALaterGrantTakesEffect() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().deny(key);
        given().auth().oauth2(key).get(variablesPath(project)).then().statusCode(403);

        stubs.auth().accept(key);

        given().auth().oauth2(key).get(variablesPath(project)).then().statusCode(200);
    }

    @Test
    void internalTokenExchangeIsNotReachableThroughTheGateway() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        isProblem(given().auth().oauth2(key).contentType("application/json")
                .body("{\"credential\":\"" + key + "\"}")
                .post("/internal/v1/token-exchange").then(), 404, "not-found");

        assertThat(stubs.auth().exchangesFor(key)).isEmpty();
    }

    @Test
    void dotSegmentsCannotReachInternalEndpoints() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        given().urlEncodingEnabled(false).auth().oauth2(key)
                .post("/v1/projects/" + UUID.randomUUID() + "/%2e%2e/%2e%2e/%2e%2e/internal/v1/token-exchange")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)))
                .contentType(startsWith("application/problem+json"));

        assertThat(stubs.auth().exchangesFor(key)).isEmpty();
    }

    @Test
    void malformedProjectIdIsABadRequestWithoutAnExchange() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        isProblem(given().auth().oauth2(key).get("/v1/projects/not-a-uuid/environments").then(), 400, "validation");

        assertThat(stubs.auth().exchangesFor(key)).isEmpty();
    }

    @Test
    void auditPathsGoToAuditServiceAndOtherPathsToAuthService() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key).get("/v1/projects/" + project + "/audit-events?limit=5")
                .then().statusCode(200).body("service", equalTo("audit-service")).body("query", equalTo("limit=5"));
        given().auth().oauth2(key).get("/v1/projects/" + project + "/api-keys")
                .then().statusCode(200).body("service", equalTo("auth-service"));
        given().auth().oauth2(key).get("/v1/me")
                .then().statusCode(200).body("service", equalTo("auth-service")).body("path", equalTo("/v1/me"));

        assertThat(stubs.auth().exchangesFor(key)).extracting(r -> r.json().getString("projectId"))
                .containsExactlyInAnyOrder(project, null);
    }

    @Test
    void keycloakUserTokenIsPassedToTheExchangeAsItIs() {
        String userToken = keycloakUserToken();
        stubs.auth().accept(userToken);

        given().auth().oauth2(userToken).post("/v1/projects").then().statusCode(200).body("service", equalTo("auth-service"));

        assertThat(stubs.auth().exchangesFor(userToken)).hasSize(1);
        Received created = stubs.auth().received(r -> r.path().equals("/v1/projects")
                && ("Bearer " + stubs.auth().issuedTokenFor(userToken)).equals(r.header("Authorization"))).get(0);
        assertThat(created.method()).isEqualTo("POST");
    }

    @Test
    void deviceFlowStartAndPollReachAuthServiceWithoutACredentialOrAnExchange() {
        String marker = "device-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"client_name\":\"" + marker + "\"}")
                .post("/v1/auth/device").then().statusCode(200).body("service", equalTo("auth-service"));
        given().contentType("application/json").header("Authorization", "Bearer something-the-cli-should-not-send")
                .body("{\"device_code\":\"" + marker + "\"}")
                .post("/v1/auth/device/token").then().statusCode(200).body("service", equalTo("auth-service"));

        List<Received> forwarded = stubs.auth().received(r -> r.path().startsWith("/v1/auth/device")
                && r.body().toString().contains(marker));
        assertThat(forwarded).extracting(Received::path).containsExactly("/v1/auth/device", "/v1/auth/device/token");
        assertThat(forwarded).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        assertThat(stubs.auth().received(r -> r.path().equals(AuthServiceStub.EXCHANGE_PATH)
                && r.body().toString().contains("something-the-cli"))).isEmpty();
    }

    @Test
    void oidcLoginReachesAuthServiceWithoutACredentialOrAnExchange() {
        String marker = "oidc-" + UUID.randomUUID();
        given().contentType("application/json").header("Authorization", "Bearer " + TestCredentials.apiKey())
                .body("{\"trustId\":\"trust_x\",\"token\":\"" + marker + "\"}")
                .post("/v1/auth/oidc/login").then().statusCode(200).body("service", equalTo("auth-service"))
                .header("Cache-Control", "no-store");

        List<Received> forwarded = stubs.auth().received(r -> r.path().equals("/v1/auth/oidc/login")
                && r.body().toString().contains(marker));
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).header("Authorization")).isNull();
        assertThat(forwarded.get(0).header("X-Request-Id")).isNotBlank();
        assertThat(forwarded.get(0).header("X-Forwarded-For")).isNotBlank();
        assertThat(stubs.auth().received(r -> r.path().equals(AuthServiceStub.EXCHANGE_PATH)
                && r.body().toString().contains(marker))).isEmpty();
        // Only POST is credential-free.
        isProblem(given().get("/v1/auth/oidc/login").then(), 401, "unauthorized");
    }

    /** The dashboard's paths (docs/contracts.md, "Dashboard") belong to the gateway: nothing is forwarded upstream. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/", "/app", "/app/projects/x", "/device",
            "/device?user_code=BCDF-GHJK", "/static/app.js", "/static/css/site.css"})
    void dashboardPathsAreNeverProxiedToAnyService(String path) {
        String marker = UUID.randomUUID().toString();
        io.restassured.response.Response response = given().header("X-Request-Id", marker).redirects().follow(false).get(path);

        assertThat(response.statusCode()).isNotIn(502, 503, 504);
        assertThat(response.asString()).doesNotContain("\"service\"");
        for (StubServer upstream : List.of(stubs.auth(), stubs.secrets(), stubs.audit())) {
            assertThat(upstream.received(r -> marker.equals(r.header("X-Request-Id")))).as(upstream.name()).isEmpty();
        }
    }

    @Test
    void otherAuthPathsStillNeedACredential() {
        isProblem(given().get("/v1/auth/device/approve?user_code=BCDF-GHJK").then(), 401, "unauthorized");
        isProblem(given().post("/v1/auth/device/approve").then(), 401, "unauthorized");
    }

    @Test
    void unreachableUpstreamIsAServiceUnavailableProblem() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);
        stubs.audit().stop();
        try {
            isProblem(given().auth().oauth2(key).get("/v1/projects/" + UUID.randomUUID() + "/audit-events").then(),
                    503, "unavailable")
                    .body("detail", org.hamcrest.Matchers.containsString("audit-service"));
        } finally {
            stubs.audit().start();
        }
    }

    @Test
    void unreachableAuthServiceDuringTheExchangeIsAServiceUnavailableProblem() {
        String key = TestCredentials.apiKey();
        stubs.auth().stop();
        try {
            isProblem(given().auth().oauth2(key).get(variablesPath(UUID.randomUUID().toString())).then(),
                    503, "unavailable")
                    .body("detail", org.hamcrest.Matchers.containsString("auth-service"));
        } finally {
            stubs.auth().start();
        }
    }

    @Test
    void upstreamThatDoesNotAnswerIsAGatewayTimeoutProblem() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        isProblem(given().auth().oauth2(key).get("/v1/projects/" + UUID.randomUUID() + "/environments/slow/variables").then(),
                504, "gateway-timeout");
    }

    @Test
    void requestIdIsForwardedAndEchoedBack() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key).header("X-Request-Id", "req-" + project)
                .get(variablesPath(project))
                .then().statusCode(200).header("X-Request-Id", equalTo("req-" + project));

        assertThat(single(stubs.secrets(), project).header("X-Request-Id")).isEqualTo("req-" + project);
        assertThat(stubs.auth().exchangesFor(key).get(0).header("X-Request-Id")).isEqualTo("req-" + project);
    }

    @Test
    void requestIdIsGeneratedWhenAbsentAndMatchesWhatTheUpstreamSaw() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        String echoed = given().auth().oauth2(key).get(variablesPath(project))
                .then().statusCode(200).extract().header("X-Request-Id");

        assertThat(echoed).isNotBlank().isNotEqualTo("upstream-must-not-win");
        assertThat(single(stubs.secrets(), project).header("X-Request-Id")).isEqualTo(echoed);
    }

    @Test
    void bodyAndQueryStringArriveIntact() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        byte[] body = randomBytes(512 * 1024);
        String path = "/v1/projects/" + project + "/environments/development/variables/DATABASE_URL";

        given().urlEncodingEnabled(false).auth().oauth2(key)
                .config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/octet-stream").header("If-Match", "\"3\"")
                .body(body)
                .put(path + "?a=1&b=x%20y&b=%C3%A9")
                .then().statusCode(200)
                .header("ETag", "\"7\"")
                .header("X-Upstream-Private", org.hamcrest.Matchers.nullValue())
                .body("bodyLength", equalTo(body.length))
                .body("bodySha256", equalTo(StubServer.sha256(body)));

        Received forwarded = single(stubs.secrets(), project);
        assertThat(forwarded.method()).isEqualTo("PUT");
        assertThat(forwarded.path()).isEqualTo(path);
        assertThat(forwarded.query()).isEqualTo("a=1&b=x%20y&b=%C3%A9");
        assertThat(forwarded.header("If-Match")).isEqualTo("\"3\"");
        assertThat(forwarded.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void chunkedBodyStreamsThroughIntact() throws Exception {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        byte[] body = randomBytes(700 * 1024);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + variablesPath(project)))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        Received forwarded = single(stubs.secrets(), project);
        assertThat(forwarded.body().getBytes()).isEqualTo(body);
    }

    @Test
    void hopByHopHeadersAndCookiesAreNotForwarded() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key)
                .header("Connection", "X-Client-Private")
                .header("X-Client-Private", "hop")
                .header("Cookie", "session=abc")
                .header("X-Forwarded-For", "6.6.6.6")
                .get(variablesPath(project)).then().statusCode(200);

        Received forwarded = single(stubs.secrets(), project);
        assertThat(forwarded.header("X-Client-Private")).isNull();
        assertThat(forwarded.header("Cookie")).isNull();
        assertThat(forwarded.header("X-Forwarded-For")).isNotEqualTo("6.6.6.6");
    }

    @Test
    void declaredOversizedBodyIsAPayloadTooLargeProblemWithoutAnyUpstreamCall() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        isProblem(given().auth().oauth2(key).contentType("application/octet-stream")
                .body(randomBytes(1024 * 1024 + 1))
                .put(variablesPath(project) + "/BIG").then(), 413, "payload-too-large");

        assertThat(stubs.auth().exchangesFor(key)).isEmpty();
        assertThat(stubs.secrets().received(r -> r.path().contains(project))).isEmpty();
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);
        byte[] body = randomBytes(1024 * 1024);

        given().auth().oauth2(key).contentType("application/octet-stream").body(body)
                .put(variablesPath(UUID.randomUUID().toString()) + "/EXACT")
                .then().statusCode(200).body("bodyLength", equalTo(body.length));
    }

    @Test
    void chunkedBodyOverTheLimitIsCutOffAndNeverReachesTheUpstream() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        byte[] body = randomBytes(3 * 1024 * 1024);

        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(RestAssured.baseURI + ":" + RestAssured.port + variablesPath(project) + "/BIG"))
                    .header("Authorization", "Bearer " + key)
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException cutOff) {
            response = null; // the gateway closed the connection while the client was still sending
        }

        if (response != null) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(stubs.secrets().received(r -> r.path().contains(project))).isEmpty();
    }

    private static Received single(StubServer stub, String project) {
        List<Received> received = stub.received(r -> r.path().contains(project));
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String keycloakUserToken() {
        var config = ConfigProvider.getConfig();
        String tokenUrl = config.getValue("MICROENV_KEYCLOAK_URL", String.class) + "/realms/"
                + config.getValue("MICROENV_KEYCLOAK_REALM", String.class) + "/protocol/openid-connect/token";
        return given().formParam("grant_type", "password")
                .formParam("client_id", "microenv-cli")
                .formParam("username", config.getValue("MICROENV_DEMO_USER", String.class))
                .formParam("password", config.getValue("MICROENV_DEMO_PASSWORD", String.class))
                .post(tokenUrl)
                .then().statusCode(200).extract().path("access_token");
    }
}
