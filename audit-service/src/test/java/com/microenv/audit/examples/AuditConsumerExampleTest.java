package com.microenv.audit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.TestEvents;
import com.microenv.audit.TestKafka;
import com.microenv.audit.TestTokens;
import com.microenv.audit.chain.Checkpoint;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.service.CheckpointService;
import com.microenv.examples.auditconsumer.AuditConsumer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example outside consumer (module examples/audit-consumer: plain kafka-clients and the JDK) against the local
 * stack's real broker: it prints the events of a fresh project from {@code microenv.audit.v1}, drops the duplicate,
 * skips the record that is no event without printing it, and verifies the checkpoint this audit-service signed and
 * published with the public key audit-service serves; a forged checkpoint makes it fail.
 */
@QuarkusTest
class AuditConsumerExampleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static TestKafka kafka;

    private final String project = UUID.randomUUID().toString();

    @Inject
    CheckpointService checkpoints;
    @Inject
    ObjectMapper json;
    @TestHTTPResource("/")
    URL service;

    @BeforeAll
    static void producer() {
        kafka = new TestKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @Test
    void theExampleConsumerPrintsTheEventsAndVerifiesTheSignedCheckpoint() throws Exception {
        Instant since = Instant.now().minusSeconds(5);
        List<AuditEvent> sent = List.of(
                TestEvents.variableRead(project, "key_example", "production"),
                TestEvents.event(project, "key_example", "staging", "variable.written"),
                TestEvents.variableRead(project, "key_other", "development"));
        kafka.send(sent.get(0));
        kafka.send(sent.get(0)); // a producer retry: the same event twice
        kafka.send(project, "{\"secret-looking\":\"do-not-print-me\"}");
        kafka.send(sent.get(1));
        kafka.send(sent.get(2));
        awaitStored(3);
        // Another audit-service (the stack's, another test JVM's scheduled run) may have checkpointed this head first;
        // then one more event makes a head only this call covers.
        Checkpoint checkpoint = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElse(null);
        int stored = 3;
        for (int attempt = 0; checkpoint == null && attempt < 3; attempt++) {
            kafka.send(TestEvents.variableRead(project, "key_more", "production"));
            awaitStored(++stored);
            checkpoint = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElse(null);
        }
        assertThat(checkpoint).isNotNull();
        Checkpoint made = checkpoint;
        long events = made.events();
        assertThat(events).isEqualTo(stored);

        Run clean = runExample(since);

        assertThat(clean.exitCode).as(clean.output).isZero();
        List<String> eventLines = clean.lines().stream().filter(l -> l.startsWith("event ")).toList();
        assertThat(eventLines).hasSize(stored);
        for (int i = 0; i < 3; i++) {
            assertThat(eventLines.get(i)).contains("project=" + project, "#" + (i + 1), "type=" + sent.get(i).type(),
                    "actor=" + sent.get(i).data().actor(), "id=" + sent.get(i).id());
        }
        assertThat(clean.output).contains("duplicate id=" + sent.get(0).id());
        assertThat(clean.output).containsPattern("skipped microenv\\.audit\\.v1-\\d+@\\d+: not an audit event");
        assertThat(clean.output).doesNotContain("do-not-print-me");
        assertThat(clean.output).contains("(served by audit-service)");
        assertThat(clean.lines()).anySatisfy(line -> assertThat(line).startsWith("checkpoint project=" + project)
                .contains("seq=" + made.seq(), "events=" + events, "signature=valid", "chain=matches"));

        // Someone without the key publishes a checkpoint claiming fewer events: the signature gives it away.
        Map<String, Object> forged = new LinkedHashMap<>(made.toJson());
        forged.put("events", events - 1);
        kafka.send(checkpointTopic(), project, json.writeValueAsString(forged));

        Run withForgery = runExample(since);

        assertThat(withForgery.exitCode).as(withForgery.output).isEqualTo(2);
        assertThat(withForgery.lines()).anySatisfy(line -> assertThat(line).startsWith("checkpoint project=" + project)
                .contains("events=" + (events - 1), "signature=INVALID"));
        assertThat(withForgery.lines()).anySatisfy(line -> assertThat(line).startsWith("checkpoint project=" + project)
                .contains("events=" + events, "signature=valid", "chain=matches"));
    }

    private void awaitStored(int count) {
        String token = TestTokens.forProject(project, "admin");
        await().atMost(TIMEOUT).until(() -> given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-events", project)
                .then().statusCode(200).extract().jsonPath().getList("events").size() == count);
    }

    /** Where this (test-profile) audit-service publishes its checkpoints. */
    private static String checkpointTopic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.outgoing.audit-checkpoints.topic", String.class);
    }

    private Run runExample(Instant since) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        int code = AuditConsumer.run(new String[]{
                "--bootstrap=" + bootstrap,
                "--project=" + project,
                "--since=" + since,
                "--checkpoints-topic=" + checkpointTopic(),
                "--public-key-url=" + service + "v1/projects/" + project + "/audit-chain/public-key",
                "--token=" + TestTokens.forProject(project, "read"),
                "--idle-exit=4"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }
}
