package com.microenv.gateway.api;

import com.microenv.gateway.proxy.Upstream;
import com.microenv.gateway.support.StubServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge itself: the gateway's part plus the services' generated documents, and what happens when one is missing. */
class OpenApiDocumentTest {

    private static final JsonObject GATEWAY_PART = OpenApiDocument.readGatewayPart();

    private static OpenApiDocument.ServiceDoc generated(Upstream upstream) {
        return new OpenApiDocument.ServiceDoc(upstream, StubServer.openApiDocument(upstream.serviceName()), null);
    }

    @Test
    void theGatewaysOwnPartDescribesNoServiceRoute() {
        assertThat(GATEWAY_PART.getJsonObject("paths").fieldNames()).allMatch(path -> path.startsWith("/q/health/"));
        assertThat(GATEWAY_PART.getJsonObject("components").getJsonObject("responses").fieldNames())
                .contains("Unauthorized", "PayloadTooLarge", "TooManyRequests", "BadGateway", "Unavailable", "GatewayTimeout");
    }

    @Test
    void aServiceThatDoesNotAnswerIsNamedInANoteAndTheOthersAreStillMerged() {
        JsonObject merged = OpenApiDocument.merge(GATEWAY_PART, List.of(
                generated(Upstream.AUTH),
                OpenApiDocument.ServiceDoc.missing(Upstream.SECRETS, "did not answer (ConnectException)"),
                generated(Upstream.AUDIT)), Instant.parse("2026-12-03T11:00:00Z"));

        assertThat(merged.getJsonObject("x-microenv-sources").getMap())
                .containsEntry("auth-service", "generated").containsEntry("secrets-service", "unavailable")
                .containsEntry("audit-service", "generated");
        assertThat(merged.getJsonObject("info").getString("description"))
                .startsWith("**Incomplete** (built 2026-12-03T11:00:00Z): secrets-service did not answer (ConnectException)");
        assertThat(merged.getJsonObject("paths").fieldNames())
                .contains("/v1/projects", "/v1/projects/{projectId}/audit-events", "/q/health/ready")
                .noneMatch(path -> path.contains("/environments"));
    }

    @Test
    void withEveryServiceAnsweringThereIsNoNote() {
        JsonObject merged = OpenApiDocument.merge(GATEWAY_PART, List.of(generated(Upstream.AUTH), generated(Upstream.SECRETS),
                generated(Upstream.AUDIT)), Instant.now());

        assertThat(merged.getJsonObject("info").getString("description")).doesNotContain("Incomplete");
        assertThat(merged.getJsonObject("paths").fieldNames()).doesNotContain("/internal/v1/token-exchange", "/internal/v1/keys");
        assertThat(merged.getJsonArray("tags").stream().map(tag -> ((JsonObject) tag).getString("name")))
                .contains("gateway", "auth-service", "secrets-service", "audit-service");
    }

    @Test
    void servicesSecurityRequirementsGiveWayToTheGatewaysAndItsAnswersReplaceBodylessOnes() {
        JsonObject auth = StubServer.openApiDocument("auth-service");
        auth.getJsonObject("paths").getJsonObject("/v1/me").getJsonObject("get")
                .put("security", new io.vertx.core.json.JsonArray().add(new JsonObject().put("SecurityScheme", new io.vertx.core.json.JsonArray())))
                .getJsonObject("responses").put("401", new JsonObject().put("description", "Not Authorized"));

        JsonObject merged = OpenApiDocument.merge(GATEWAY_PART,
                List.of(new OpenApiDocument.ServiceDoc(Upstream.AUTH, auth, null)), Instant.now());

        JsonObject me = merged.getJsonObject("paths").getJsonObject("/v1/me").getJsonObject("get");
        assertThat(me.containsKey("security")).isFalse();
        assertThat(me.getJsonObject("responses").getJsonObject("401").getString("$ref")).isEqualTo("#/components/responses/Unauthorized");
        assertThat(merged.getJsonObject("paths").getJsonObject("/v1/auth/oidc/login").getJsonObject("post")
                .getJsonArray("security")).isEmpty();
    }
}
