package com.microenv.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka down under the whole platform ({@code deploy/local/stack pause kafka}: the broker is frozen, and resumes by
 * itself after 25 s at the latest): writes through the gateway still succeed (their audit events wait in
 * secrets-service's outbox), reads fail closed with 503 naming Kafka (the first after the acknowledgement timeout,
 * the next ones at once), and once Kafka is back every write's event is in audit-service exactly once.
 *
 * <p>Pausing Kafka affects everyone on this machine: run it alone and last (CI runs e2e-tests last), holding
 * {@code flock /tmp/microenv-services.lock}.
 */
class KafkaOutageIT {

    private static final int WRITES = 5;
    private static final int OUTAGE_LIMIT_SECONDS = 25;

    @Test
    void writesSucceedReadsFailClosedAndEveryWriteIsAuditedExactlyOnceAfterKafkaReturns() throws Exception {
        String project = Platform.demoProject();
        String variables = Platform.apiUrl() + "/v1/projects/" + project + "/environments/development/variables";
        String run = Long.toString(System.nanoTime(), 36).toUpperCase();
        // Warm: the key's exchange is cached by the gateway, the read path works.
        RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey()).get(variables)
                .then().statusCode(200);

        Map<String, String> written = new LinkedHashMap<>();
        List<String> requestIds = new ArrayList<>();
        List<Long> readMillis = new ArrayList<>();
        long outageStart = System.nanoTime();
        stack("pause", "kafka", Integer.toString(OUTAGE_LIMIT_SECONDS));
        try {
            for (int i = 0; i < WRITES; i++) {
                String name = "KAFKA_OUTAGE_" + run + "_" + i;
                String requestId = "e2e-kafka-outage-" + run + "-" + i;
                long start = System.nanoTime();
                RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey())
                        .header("X-Request-Id", requestId)
                        .contentType(ContentType.JSON).body(Map.of("value", "written-while-kafka-was-down-" + i))
                        .put(variables + "/" + name)
                        .then().statusCode(201);
                System.out.printf("Kafka down: write %d -> 201 in %d ms%n", i, (System.nanoTime() - start) / 1_000_000);
                written.put(name, "written-while-kafka-was-down-" + i);
                requestIds.add(requestId);
            }
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                Response read = RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey()).get(variables);
                long millis = (System.nanoTime() - start) / 1_000_000;
                readMillis.add(millis);
                System.out.printf("Kafka down: read %d -> %d in %d ms%n", i, read.statusCode(), millis);
                assertThat(read.statusCode()).as("read %d fails closed", i).isEqualTo(503);
                assertThat(read.contentType()).startsWith("application/problem+json");
                assertThat(read.asString()).containsIgnoringCase("kafka");
                written.values().forEach(value -> assertThat(read.asString()).doesNotContain(value));
            }
        } finally {
            stack("resume", "kafka");
            System.out.printf("Kafka outage lasted %d ms%n", (System.nanoTime() - outageStart) / 1_000_000);
        }
        assertThat(readMillis.get(0)).as("the first read waits at most the acknowledgement timeout").isLessThan(10_000);
        assertThat(readMillis.subList(1, readMillis.size())).as("later reads fail at once")
                .allSatisfy(millis -> assertThat(millis).isLessThan(1_000));

        // Kafka is back: every write's event reaches audit-service, exactly once.
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> countByRequestId(requestIds).values().stream().allMatch(count -> count >= 1));
        System.out.printf("Kafka back: all %d events in audit-service after %d ms%n", WRITES,
                (System.nanoTime() - back) / 1_000_000);
        Thread.sleep(3_000); // a duplicate would arrive right behind the original
        assertThat(countByRequestId(requestIds)).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));

        // Reads work again and return what was written during the outage.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey()).get(variables).statusCode() == 200);
        Map<String, String> after = RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey()).get(variables)
                .then().statusCode(200).extract().jsonPath().getMap("variables", String.class, String.class);
        assertThat(after).containsAllEntriesOf(written);

        // Leave the demo project as it was.
        RestAssured.given().header("Authorization", "Bearer " + Platform.demoKey()).contentType(ContentType.JSON)
                .body(Map.of("delete", List.copyOf(written.keySet()))).patch(variables).then().statusCode(200);
    }

    /** How many audit events of the demo project carry each request id (audit-service's requestId filter). */
    private static Map<String, Integer> countByRequestId(List<String> requestIds) {
        String token = Platform.demoUserToken();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String requestId : requestIds) {
            List<Map<String, Object>> events = RestAssured.given().header("Authorization", "Bearer " + token)
                    .queryParam("requestId", requestId).queryParam("limit", 50)
                    .get(Platform.apiUrl() + "/v1/projects/{project}/audit-events", Platform.demoProject())
                    .then().statusCode(200)
                    .extract().jsonPath().getList("events");
            counts.put(requestId, (int) events.stream()
                    .filter(e -> requestId.equals(((Map<?, ?>) e.get("data")).get("requestId"))).count());
        }
        return counts;
    }

    private static void stack(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Platform.repositoryRoot().resolve("deploy/local/stack").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(Platform.repositoryRoot().toFile()).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
