package com.microenv.audit.api;

import com.microenv.audit.TestEvents;
import com.microenv.audit.TestTokens;
import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.service.AuditService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The query side against the real database: every list filter and cursor paging, the streamed JSON-lines export of a
 * time range, the caller's own project-less events and the operators' platform view.
 */
@QuarkusTest
class AuditQueryApiTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String READ = "com.microenv.variable.read.v1";

    private final String project = UUID.randomUUID().toString();
    private final String token = TestTokens.forProject(project, "admin");
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));

    @Inject
    AuditService audit;

    @Test
    void everyFilterSelectsExactlyItsEventsNewestFirst() {
        List<AuditEvent> e = store(
                TestEvents.at(minute(0), project, "key_a", "production", "variable.read", AuditData.SUCCESS, "req-1"),
                TestEvents.at(minute(1), project, "key_b", "staging", "variable.written", AuditData.SUCCESS, "req-2"),
                TestEvents.at(minute(2), project, "key_a", "staging", "access.denied", AuditData.DENIED, "req-2"),
                TestEvents.at(minute(3), project, "key_b", "production", "variable.read", AuditData.FAILURE, "req-3"),
                TestEvents.at(minute(4), project, "key_a", "production", "variable.read", AuditData.SUCCESS, "req-3"));

        assertThat(ids("")).containsExactly(id(e, 4), id(e, 3), id(e, 2), id(e, 1), id(e, 0));
        assertThat(ids("type=" + READ)).containsExactly(id(e, 4), id(e, 3), id(e, 0));
        assertThat(ids("action=variable.written")).containsExactly(id(e, 1));
        assertThat(ids("actor=key_b")).containsExactly(id(e, 3), id(e, 1));
        assertThat(ids("environment=staging")).containsExactly(id(e, 2), id(e, 1));
        assertThat(ids("outcome=denied")).containsExactly(id(e, 2));
        assertThat(ids("outcome=failure")).containsExactly(id(e, 3));
        assertThat(ids("outcome=success")).containsExactly(id(e, 4), id(e, 1), id(e, 0));
        assertThat(ids("requestId=req-2")).containsExactly(id(e, 2), id(e, 1));
        assertThat(ids("requestId=req-none")).isEmpty();
        // [from, to): from inclusive, to exclusive; an offset other than Z means the same instant.
        assertThat(ids("from=" + minute(1) + "&to=" + minute(3))).containsExactly(id(e, 2), id(e, 1));
        assertThat(given().auth().oauth2(token).queryParam("from", minute(1).atOffset(java.time.ZoneOffset.ofHours(2)).toString())
                .when().get("/v1/projects/{p}/audit-events", project)
                .then().statusCode(200).extract().jsonPath().getList("events.id", String.class))
                .containsExactly(id(e, 4), id(e, 3), id(e, 2), id(e, 1));
        assertThat(ids("to=" + minute(0))).isEmpty();
        assertThat(ids("actor=key_a&environment=production&outcome=success&type=" + READ)).containsExactly(id(e, 4), id(e, 0));
    }

    @Test
    void cursorPagingWalksAFilteredListWithoutGapsOrRepeats() {
        List<AuditEvent> e = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            e.add(TestEvents.at(minute(i), project, i % 2 == 0 ? "key_even" : "key_odd", "production", "variable.read",
                    AuditData.SUCCESS, "req-" + i));
        }
        store(e.toArray(AuditEvent[]::new));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(token).queryParam("limit", 2).queryParam("actor", "key_even");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/projects/{p}/audit-events", project)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("events")).hasSizeLessThanOrEqualTo(2);
            paged.addAll(page.getList("events.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(2);
        assertThat(paged).containsExactly(id(e, 6), id(e, 4), id(e, 2), id(e, 0));
    }

    @Test
    void theExportIsJsonLinesOldestFirstStreamedAcrossDatabasePagesAndLimitedToTheTimeRange() {
        List<AuditEvent> e = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            e.add(TestEvents.at(minute(i), project, "key_" + i, "production", "variable.read", AuditData.SUCCESS, "req-" + i));
        }
        store(e.toArray(AuditEvent[]::new));

        // The test profile reads 3 rows per round trip: 8 events are 3 pages, 6 exactly 2 full ones.
        assertThat(export("")).containsExactlyElementsOf(e.stream().map(AuditEvent::id).toList());
        assertThat(export("?from=" + minute(1) + "&to=" + minute(7)))
                .containsExactlyElementsOf(e.subList(1, 7).stream().map(AuditEvent::id).toList());
        assertThat(export("?from=" + minute(6))).containsExactly(id(e, 6), id(e, 7));
        assertThat(export("?to=" + minute(0))).isEmpty();

        String body = given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-events/export?to=" + minute(1), project)
                .then().statusCode(200)
                .contentType(startsWith("application/x-ndjson"))
                .header("Content-Length", nullValue()) // streamed (chunked), not buffered and counted
                .extract().asString();
        assertThat(body).endsWith("\n");
        assertThat(new JsonPath(body.strip()).getString("data.actor")).isEqualTo("key_0");

        given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-events/export?from=" + minute(3) + "&to=" + minute(3), project)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/validation"));
    }

    @Test
    void meListsOnlyTheCallersOwnEventsOfNoProject() {
        String me = UUID.randomUUID().toString();
        String someoneElse = UUID.randomUUID().toString();
        List<AuditEvent> e = store(
                TestEvents.at(minute(0), null, me, null, "login.requested", AuditData.SUCCESS, "req-m1"),
                TestEvents.at(minute(1), null, someoneElse, null, "login.approved", AuditData.SUCCESS, "req-m2"),
                TestEvents.at(minute(2), null, me, null, "login.approved", AuditData.SUCCESS, "req-m3"),
                TestEvents.at(minute(3), null, me, null, "access.denied", AuditData.DENIED, "req-m4"),
                TestEvents.at(minute(4), project, me, "production", "variable.read", AuditData.SUCCESS, "req-m5"));

        assertThat(mine(TestTokens.forUser(me, "user"), "")).containsExactly(id(e, 3), id(e, 2), id(e, 0));
        assertThat(mine(TestTokens.forUser(me, "cli_token"), "type=com.microenv.login.approved.v1")).containsExactly(id(e, 2));
        assertThat(mine(TestTokens.forUser(me, "user"), "outcome=denied")).containsExactly(id(e, 3));
        assertThat(mine(TestTokens.forUser(me, "user"), "requestId=req-m1")).containsExactly(id(e, 0));
        assertThat(mine(TestTokens.forUser(me, "user"), "from=" + minute(1) + "&to=" + minute(3))).containsExactly(id(e, 2));
        assertThat(mine(TestTokens.forUser(someoneElse, "user"), "")).containsExactly(id(e, 1));
        // Someone else's id in the query changes nothing: the actor is the token's subject.
        assertThat(mine(TestTokens.forUser(me, "user"), "actor=" + someoneElse)).containsExactly(id(e, 3), id(e, 2), id(e, 0));

        given().auth().oauth2(TestTokens.forProject(project, "read", "write", "admin"))
                .when().get("/v1/me/audit-events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://microenv.dev/problems/forbidden"));
        given().when().get("/v1/me/audit-events").then().statusCode(401);
    }

    @Test
    void thePlatformViewIsForOperatorsOnly() {
        String user = UUID.randomUUID().toString();
        List<AuditEvent> e = store(
                TestEvents.at(minute(0), null, user, null, "login.requested", AuditData.SUCCESS, "req-p1"),
                TestEvents.at(minute(1), null, user, null, "login.denied", AuditData.DENIED, "req-p2"));

        for (String refused : List.of(TestTokens.forUser(user, "user"), TestTokens.forUser(user, "user", "some-other-role"),
                TestTokens.forProject(project, "read", "write", "admin"))) {
            for (String path : List.of("/v1/platform/audit-events", "/v1/platform/audit-chain/verify")) {
                given().auth().oauth2(refused).when().get(path)
                        .then().statusCode(403).contentType("application/problem+json")
                        .body("type", equalTo("https://microenv.dev/problems/forbidden"));
            }
        }

        String operator = TestTokens.forUser(UUID.randomUUID().toString(), "user", "microenv-operator");
        assertThat(given().auth().oauth2(operator).queryParam("actor", user)
                .when().get("/v1/platform/audit-events")
                .then().statusCode(200).extract().jsonPath().getList("events.id", String.class))
                .containsExactly(id(e, 1), id(e, 0));
        assertThat(given().auth().oauth2(operator).queryParam("actor", user).queryParam("outcome", "denied")
                .when().get("/v1/platform/audit-events")
                .then().statusCode(200).extract().jsonPath().getList("events.id", String.class))
                .containsExactly(id(e, 1));
        given().auth().oauth2(operator)
                .when().get("/v1/platform/audit-chain/verify")
                .then().statusCode(200)
                .body("projectId", equalTo(""))
                .body("valid", org.hamcrest.Matchers.notNullValue());
    }

    private Instant minute(int n) {
        return base.plus(Duration.ofMinutes(n));
    }

    private List<AuditEvent> store(AuditEvent... events) {
        for (AuditEvent event : events) {
            assertThat(audit.record(event).await().atMost(TIMEOUT).stored()).isTrue();
        }
        return List.of(events);
    }

    private static String id(List<AuditEvent> events, int i) {
        return events.get(i).id();
    }

    private List<String> ids(String query) {
        return given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-events" + (query.isEmpty() ? "" : "?" + query), project)
                .then().statusCode(200).extract().jsonPath().getList("events.id", String.class);
    }

    private static List<String> mine(String token, String query) {
        return given().auth().oauth2(token)
                .when().get("/v1/me/audit-events" + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(200).extract().jsonPath().getList("events.id", String.class);
    }

    private List<String> export(String query) {
        String body = given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-events/export" + query, project)
                .then().statusCode(200).contentType(startsWith("application/x-ndjson"))
                .extract().asString();
        return body.lines().filter(l -> !l.isBlank()).map(l -> new JsonPath(l).getString("id")).toList();
    }
}
