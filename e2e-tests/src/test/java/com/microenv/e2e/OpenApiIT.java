package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's one OpenAPI document against the packaged services: it is made of their generated documents, so
 * every public ({@code /v1}) route a service publishes is in it, with the same operations; and every public path of
 * docs/contracts.md is there. Fails as soon as a public route is missing.
 */
class OpenApiIT {

    /** Public paths of docs/contracts.md, in the services' own path templates. */
    private static final List<String> CONTRACT_PATHS = List.of(
            "/v1/projects",
            "/v1/projects/{projectId}",
            "/v1/projects/{projectId}/api-keys",
            "/v1/projects/{projectId}/api-keys/{keyId}",
            "/v1/projects/{projectId}/api-keys/{keyId}/revoke",
            "/v1/projects/{projectId}/api-keys/{keyId}/rotate",
            "/v1/projects/{projectId}/members",
            "/v1/projects/{projectId}/members/{userId}",
            "/v1/projects/{projectId}/invitations/{email}",
            "/v1/me",
            "/v1/auth/device",
            "/v1/auth/device/token",
            "/v1/auth/device/approve",
            "/v1/auth/cli-tokens",
            "/v1/auth/cli-tokens/{tokenId}",
            "/v1/auth/logout",
            "/v1/projects/{projectId}/environments",
            "/v1/projects/{projectId}/environments/{environment}/variables",
            "/v1/projects/{projectId}/environments/{environment}/variables/{name}",
            "/v1/projects/{projectId}/audit-events",
            "/v1/me/audit-events",
            "/v1/platform/audit-events");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static String serviceUrl(String variable, int defaultPort) {
        String url = Platform.settings().get(variable);
        return url == null || url.isBlank() ? "http://127.0.0.1:" + defaultPort : url;
    }

    @Test
    void theMergedDocumentHasEveryPublicRouteOfEveryService() {
        Map<String, String> services = Map.of(
                "auth-service", serviceUrl("MICROENV_AUTH_URL", 8081),
                "secrets-service", serviceUrl("MICROENV_SECRETS_URL", 8082),
                "audit-service", serviceUrl("MICROENV_AUDIT_URL", 8083));
        // Rebuilt every 5 s while a service's part is missing (e.g. it started after the gateway).
        JsonPath merged = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(
                () -> RestAssured.get(Platform.apiUrl() + "/q/openapi").then().statusCode(200).extract().jsonPath(),
                doc -> services.keySet().stream().allMatch(s -> "generated".equals(doc.getString("'x-microenv-sources'." + s))));
        Map<String, Object> paths = merged.getMap("paths");

        int checked = 0;
        for (Map.Entry<String, String> service : services.entrySet()) {
            JsonPath own = RestAssured.given().queryParam("format", "json").get(service.getValue() + "/q/openapi")
                    .then().statusCode(200).extract().jsonPath();
            Map<String, Map<String, Object>> ownPaths = own.getMap("paths");
            for (Map.Entry<String, Map<String, Object>> path : ownPaths.entrySet()) {
                if (!path.getKey().startsWith("/v1/")) {
                    assertThat(paths).as("internal path of " + service.getKey()).doesNotContainKey(path.getKey());
                    continue;
                }
                assertThat(paths).as(service.getKey() + " publishes " + path.getKey()).containsKey(path.getKey());
                Set<String> ownMethods = new java.util.HashSet<>(path.getValue().keySet());
                ownMethods.retainAll(METHODS);
                assertThat(merged.getMap("paths.'" + path.getKey() + "'").keySet()).as(path.getKey()).containsAll(ownMethods);
                checked++;
            }
        }
        assertThat(paths.keySet()).containsAll(CONTRACT_PATHS);
        // Each operation of the contract's paths shows an example of its answer (unless it answers no body).
        for (String path : CONTRACT_PATHS) {
            Map<String, Map<String, Object>> item = merged.getMap("paths.'" + path + "'");
            for (Map.Entry<String, Map<String, Object>> operation : item.entrySet()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) (Map<?, ?>) operation.getValue().get("responses");
                List<Map<String, Object>> successes = responses.entrySet().stream()
                        .filter(r -> r.getKey().startsWith("2")).map(Map.Entry::getValue).toList();
                assertThat(successes).as(operation.getKey() + " " + path + " documents its success").isNotEmpty();
                boolean bodyless = successes.stream().allMatch(r -> r.get("content") == null);
                boolean example = successes.stream().anyMatch(r -> r.get("content") != null
                        && String.valueOf(r.get("content")).contains("examples"));
                assertThat(bodyless || example).as(operation.getKey() + " " + path + " has an example").isTrue();
            }
        }
        assertThat(merged.getString("paths.'/v1/projects/{projectId}/environments/{environment}/variables'.get.summary"))
                .isNotBlank();
        assertThat(merged.getList("paths.'/v1/auth/device'.post.security")).isEmpty();
        System.out.printf("OpenAPI: %d public paths of the three services, all in the gateway's document%n", checked);

        RestAssured.get(Platform.apiUrl() + "/q/swagger-ui/").then().statusCode(200);
    }
}
