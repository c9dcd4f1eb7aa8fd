package com.microenv.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.jayway.jsonpath.JsonPath;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/examples/external-secrets: the HTTP call External Secrets Operator's webhook provider makes
 * from that SecretStore (its URL, method, headers filled from the templates as ESO fills them, and its
 * result.jsonPath), made by this test against the local stack with a read-only API key.
 */
class ExternalSecretsWebhookIT {

    private static final Path EXAMPLE = Platform.repositoryRoot().resolve("deploy/kubernetes/examples/external-secrets");
    private static final String PUBLIC_URL = "https://api.microenv.example.com";

    @Test
    void theSecretStoresRequestAndJsonPathYieldTheEnvironmentsVariablesWithAReadOnlyKey() throws Exception {
        String project = Platform.demoProject();
        String name = "ESO_" + System.nanoTime();
        RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey()).contentType(ContentType.JSON)
                .body(Map.of("value", "synced-by-eso"))
                .put(Platform.apiUrl() + "/v1/projects/{p}/environments/production/variables/{n}", project, name)
                .then().statusCode(201);
        String readOnlyKey = RestAssured.given().header("Authorization", "Bearer " + Platform.demoUserToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "eso-" + System.nanoTime(), "permissions", List.of("read"),
                        "environments", List.of("production")))
                .post(Platform.apiUrl() + "/v1/projects/{p}/api-keys", project)
                .then().statusCode(201).extract().path("key");

        JsonNode webhook = document("secretstore.yaml").path("spec").path("provider").path("webhook");
        JsonNode extract = document("externalsecret.yaml").path("spec").path("dataFrom").get(0).path("extract");
        String environment = extract.path("key").asText();
        String url = webhook.path("url").asText()
                .replace(PUBLIC_URL, Platform.apiUrl())
                .replace("REPLACE-WITH-PROJECT-ID", project)
                .replace("{{ .remoteRef.key }}", environment);
        assertThat(url).doesNotContain("{{");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(webhook.path("method").asText("GET"), HttpRequest.BodyPublishers.noBody());
        webhook.path("headers").fields().forEachRemaining(header -> {
            String value = header.getValue().asText().replace("{{ .auth.apikey }}", readOnlyKey);
            assertThat(value).as("header " + header.getKey()).doesNotContain("{{");
            request.header(header.getKey(), value);
        });
        assertThat(webhook.path("secrets").get(0).path("name").asText()).isEqualTo("auth");

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Object result = JsonPath.read(response.body(), webhook.path("result").path("jsonPath").asText());

        // dataFrom.extract: the JSON path must give an object of string values; each becomes a key of the Secret.
        assertThat(result).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) result;
        assertThat(variables).containsEntry(name, "synced-by-eso");
        assertThat(variables.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));

        // The key ESO holds can read, and only read.
        RestAssured.given().header("Authorization", "Bearer " + readOnlyKey).contentType(ContentType.JSON)
                .body(Map.of("value", "x"))
                .put(Platform.apiUrl() + "/v1/projects/{p}/environments/production/variables/{n}", project, name)
                .then().statusCode(403);
    }

    private static JsonNode document(String file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(EXAMPLE.resolve(file)));
    }
}
