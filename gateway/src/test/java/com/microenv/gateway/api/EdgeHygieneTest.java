package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class EdgeHygieneTest {

    UpstreamStubs stubs;

    private static String variables(String project) {
        return "/v1/projects/" + project + "/environments/development/variables";
    }

    @Test
    void secretResponsesAreNoStoreAndNosniff() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);

        given().auth().oauth2(key).get(variables(UUID.randomUUID().toString()))
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Strict-Transport-Security", nullValue());
    }

    @Test
    void problemsAndQuarkusEndpointsCarryTheRequestIdAndNosniff() {
        given().get("/v1/projects").then().statusCode(401)
                .header("X-Request-Id", notNullValue())
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
        given().header("X-Request-Id", "health-probe-1").get("/q/health/live").then()
                .header("X-Request-Id", "health-probe-1")
                .header("X-Content-Type-Options", "nosniff");
        given().get("/no/such/page").then().statusCode(404).header("X-Request-Id", notNullValue());
    }

    @Test
    void aMalformedRequestIdIsReplacedByAGeneratedOne() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        String echoed = given().auth().oauth2(key).header("X-Request-Id", "bad id with spaces <script>")
                .get(variables(project)).then().statusCode(200).extract().header("X-Request-Id");

        assertThat(echoed).matches("[0-9a-f-]{36}");
        assertThat(stubs.secrets().received(r -> r.path().contains(project)).get(0).header("X-Request-Id"))
                .isEqualTo(echoed);
    }

    @Test
    void anUntrustedPeersXForwardedForIsIgnored() {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);

        given().auth().oauth2(key).header("X-Forwarded-For", "10.9.8.7").get(variables(project)).then().statusCode(200);

        String clientIp = stubs.auth().exchangesFor(key).get(0).json().getString("clientIp");
        assertThat(clientIp).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(stubs.secrets().received(r -> r.path().contains(project)).get(0).header("X-Forwarded-For"))
                .isEqualTo(clientIp);
    }

    @Test
    void corsIsOffByDefault() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options(variables(UUID.randomUUID().toString()))
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void http2CleartextWorks() throws Exception {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + variables(UUID.randomUUID().toString()));

        HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(second.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void aChunkedBodyOverTheLimitGetsAPayloadTooLargeProblemDocument() throws IOException {
        String key = TestCredentials.apiKey();
        String project = UUID.randomUUID().toString();
        stubs.auth().accept(key);
        String response;
        try (Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + variables(project) + "/BIG HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent <= 1024 * 1024 + chunk.length; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedWhileSending) {
                // the gateway may stop reading once it has answered; the answer is still there to read
            }
            response = readAll(socket.getInputStream());
        }

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).containsIgnoringCase("content-type: application/problem+json");
        assertThat(response).contains("https://microenv.dev/problems/payload-too-large");
        assertThat(stubs.secrets().received(r -> r.path().contains(project))).isEmpty();
    }

    @Test
    void metricsAreOnTheManagementInterfaceAndNotRoutedPublicly() {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);
        given().auth().oauth2(key).get(variables(UUID.randomUUID().toString())).then().statusCode(200);
        given().auth().oauth2(TestCredentials.apiKey()).get(variables(UUID.randomUUID().toString())).then().statusCode(401);

        given().get(com.microenv.gateway.support.Metrics.url()).then().statusCode(200)
                .body(containsString("microenv_gateway_requests_seconds_count{method=\"GET\",route=\"/v1/projects/{p}/environments/**\",status=\"200\"}"))
                .body(containsString("microenv_gateway_requests_seconds_bucket"))
                .body(containsString("microenv_gateway_token_cache_total{result=\"miss\"}"))
                .body(containsString("microenv_gateway_exchanges_total{outcome=\"granted\"}"))
                .body(containsString("microenv_gateway_exchanges_total{outcome=\"refused\"}"))
                .body(containsString("microenv_gateway_revocations_consumer_lag"))
                .body(containsString("microenv_gateway_revocations_stream_live"));
        given().get("/q/metrics").then().statusCode(404).body(not(containsString("microenv_gateway")));
        given().get("/q/health/ready").then().body("checks.find { it.name == 'gateway' }.data.'credential-stream'", notNullValue());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // connection closed after the answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

}
