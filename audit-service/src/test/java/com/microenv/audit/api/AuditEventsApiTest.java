package com.microenv.audit.api;

import com.microenv.audit.TestEvents;
import com.microenv.audit.TestKafka;
import com.microenv.audit.TestTokens;
import com.microenv.audit.event.AuditEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AuditEventsApiTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static TestKafka kafka;

    private final String project = UUID.randomUUID().toString();
    private final String token = TestTokens.forProject(project, "admin");

    @BeforeAll
    static void producer() {
        kafka = new TestKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @Test
    void anEventProducedToTheTopicShowsUpInTheApi() {
        AuditEvent event = TestEvents.variableRead(project, "key_reader", "production");

        kafka.send(event);

        JsonPath page = awaitEvents(1, "");
        assertThat(page.getString("events[0].id")).isEqualTo(event.id());
        assertThat(page.getString("events[0].specversion")).isEqualTo("1.0");
        assertThat(page.getString("events[0].type")).isEqualTo("com.microenv.variable.read.v1");
        assertThat(page.getString("events[0].data.actor")).isEqualTo("key_reader");
        assertThat(page.getList("events[0].data.variableNames")).containsExactly("DATABASE_URL");
        assertThat(page.getString("events[0].time")).isEqualTo(event.time().toString());
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void theSameEventIdTwiceIsStoredOnce() {
        AuditEvent event = TestEvents.variableRead(project, "key_twice", "staging");
        AuditEvent marker = TestEvents.variableRead(project, "key_marker", "staging");

        kafka.send(event);
        kafka.send(event);
        kafka.send(marker); // same key, same partition: once it is stored, both copies were handled

        await().atMost(ARRIVAL).until(() -> ids(""), ids -> ids.contains(marker.id()));
        assertThat(ids("")).containsExactly(marker.id(), event.id());
    }

    @Test
    void aRecordThatIsNotAnEventIsSkippedWithoutBlockingThePartition() {
        kafka.send(project, "{\"this is\": \"not an audit event\"}");
        kafka.send(project, "not even JSON");
        kafka.send(project, null);
        AuditEvent after = TestEvents.variableRead(project, "key_after", "development");
        kafka.send(after);

        JsonPath page = awaitEvents(1, "");
        assertThat(page.getString("events[0].id")).isEqualTo(after.id());
    }

    @Test
    void eventsComeNewestFirstInPagesLinkedByCursor() {
        List<String> ids = sendEvents(5);

        JsonPath first = awaitEvents(5, "");
        assertThat(first.getList("events.id", String.class)).containsExactlyElementsOf(reversed(ids));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = given().auth().oauth2(token)
                    .queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/v1/projects/{p}/audit-events", project)
                    .then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("events.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(reversed(ids));
    }

    @Test
    void eventsCanBeFilteredByActorActionEnvironmentAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        AuditEvent read = TestEvents.event(project, "key_a", "production", "variable.read");
        AuditEvent written = TestEvents.event(project, "key_b", "production", "variable.written");
        AuditEvent staging = TestEvents.event(project, "key_a", "staging", "variable.read");
        kafka.send(read);
        kafka.send(written);
        kafka.send(staging);
        awaitEvents(3, "");

        assertThat(ids("actor=key_a")).containsExactly(staging.id(), read.id());
        assertThat(ids("action=variable.written")).containsExactly(written.id());
        assertThat(ids("environment=staging")).containsExactly(staging.id());
        assertThat(ids("actor=key_a&environment=production")).containsExactly(read.id());
        assertThat(ids("from=" + before)).hasSize(3);
        assertThat(ids("to=" + before)).isEmpty();
    }

    @Test
    void theChainOfSeveralEventsVerifies() {
        sendEvents(4);
        awaitEvents(4, "");

        given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-chain/verify", project)
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("events", equalTo(4))
                .body("headHash", notNullValue())
                .body("brokenAt", equalTo(null));
    }

    @Test
    void aProjectWithoutEventsVerifiesAsAnEmptyValidChain() {
        given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-chain/verify", project)
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("events", equalTo(0));
    }

    @Test
    void aTokenForAnotherProjectIsForbidden() {
        String other = TestTokens.forProject(UUID.randomUUID().toString(), "read", "write", "admin");

        for (String path : List.of("/v1/projects/{p}/audit-events", "/v1/projects/{p}/audit-chain/verify")) {
            given().auth().oauth2(other)
                    .when().get(path, project)
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://microenv.dev/problems/forbidden"))
                    .body("status", equalTo(403));
        }
    }

    @Test
    void aTokenWithoutAdminIsForbiddenToReadVerifyAndExport() {
        String readWrite = TestTokens.forProject(project, "read", "write");
        for (String path : List.of("/v1/projects/{p}/audit-events", "/v1/projects/{p}/audit-chain/verify",
                "/v1/projects/{p}/audit-events/export", "/v1/projects/{p}/audit-chain/checkpoints")) {
            given().auth().oauth2(readWrite)
                    .when().get(path, project)
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("The token does not grant 'admin' on this project."));
        }
    }

    @Test
    void noTokenIsUnauthorizedWithABearerChallenge() {
        given()
                .header("X-Request-Id", "req-401")
                .when().get("/v1/projects/{p}/audit-events", project)
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/unauthorized"))
                .body("requestId", equalTo("req-401"))
                .body("instance", equalTo("/v1/projects/" + project + "/audit-events"));
    }

    @Test
    void aTokenThatIsNotFromAuthServiceIsUnauthorized() {
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        given().auth().oauth2(forged)
                .when().get("/v1/projects/{p}/audit-chain/verify", project)
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void badPagingAndFilterParametersAreAClearValidationProblem() {
        for (String query : List.of("limit=0", "limit=201", "limit=ten", "cursor=-1", "cursor=abc",
                "from=yesterday", "to=2026-13-01T00:00:00Z", "outcome=maybe", "requestId=" + "x".repeat(300))) {
            given().auth().oauth2(token)
                    .when().get("/v1/projects/{p}/audit-events?" + query, project)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://microenv.dev/problems/validation"))
                    .body("detail", notNullValue());
        }
    }

    @Test
    void anUnknownPathIsANotFoundProblem() {
        given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-nothing", project)
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    private List<String> sendEvents(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AuditEvent event = TestEvents.variableRead(project, "key_" + i, "production");
            kafka.send(event);
            ids.add(event.id());
        }
        return ids;
    }

    private JsonPath awaitEvents(int count, String query) {
        return await().atMost(ARRIVAL).until(() -> given().auth().oauth2(token)
                        .when().get(eventsPath(query), project)
                        .then().statusCode(200).extract().jsonPath(),
                page -> page.getList("events").size() == count);
    }

    private List<String> ids(String query) {
        return given().auth().oauth2(token)
                .when().get(eventsPath(query), project)
                .then().statusCode(200).extract().jsonPath().getList("events.id", String.class);
    }

    private static String eventsPath(String query) {
        return "/v1/projects/{p}/audit-events" + (query.isEmpty() ? "" : "?" + query);
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }
}
