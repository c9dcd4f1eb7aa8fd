package com.microenv.audit.process;

import com.microenv.audit.TestEvents;
import com.microenv.audit.event.AuditEvent;
import com.microenv.testinfra.LocalInfra;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged audit-service, killed with SIGKILL while a stream of events (with producer-retry duplicates) is
 * arriving and being stored, then started again: every event ends up stored exactly once and every project's chain
 * verifies. Runs against the real broker and database on a topic and group of its own.
 */
class AuditServiceCrashIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final int PROJECTS = 6;
    private static final int EVENTS = 3000;

    @Test
    void killedWithSigkillInTheMiddleOfAStreamAndRestartedItStoresEveryEventOnceAndEveryChainVerifies() throws Exception {
        Map<String, String> infra = LocalInfra.settings();
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            projects.add(UUID.randomUUID().toString());
        }
        List<AuditEvent> stream = new ArrayList<>();
        Map<String, AuditEvent> distinct = new LinkedHashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            AuditEvent event = TestEvents.variableRead(projects.get(i % PROJECTS), "key_" + i, "production");
            stream.add(event);
            distinct.put(event.id(), event);
            if (i % 30 == 29) {
                stream.add(stream.get(stream.size() - 7)); // a producer retry: the same event again, later
            }
        }

        try (TestTopics kafka = new TestTopics(infra, "crash", 3)) {
            AtomicInteger produced = new AtomicInteger();
            int killedAtStored;
            int producedAtKill;
            long committedAtKill;
            try (PackagedAuditService first = PackagedAuditService.start("crash-first", infra, kafka.topic, kafka.group)) {
                first.awaitReady(START);
                CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(kafka, stream, produced));

                // Kill it once it is well into the stream: batches stored, more arriving, offsets lagging behind.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> kafka.storedIds(projects).size() >= 400);
                first.kill();
                producedAtKill = produced.get();
                killedAtStored = kafka.storedIds(projects).size();
                committedAtKill = kafka.admin().listConsumerGroupOffsets(kafka.group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).values().stream().filter(java.util.Objects::nonNull)
                        .mapToLong(OffsetAndMetadata::offset).sum();
                // Offsets are committed only after their batch is stored, never before.
                assertThat(committedAtKill).isLessThanOrEqualTo(producedAtKill);
                assertThat(first.exitCode()).isEqualTo(137); // 128 + SIGKILL
                assertThat(producedAtKill).as("killed in the middle of the stream").isLessThan(stream.size());
                producing.get(2, TimeUnit.MINUTES);
            }

            try (PackagedAuditService second = PackagedAuditService.start("crash-second", infra, kafka.topic, kafka.group)) {
                second.awaitReady(START);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> kafka.storedIds(projects).size() >= distinct.size());

                Map<String, Integer> stored = kafka.storedIds(projects);
                assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(distinct.keySet());
                assertThat(stored.values()).allMatch(n -> n == 1);
                for (String project : projects) {
                    JsonPath verify = second.verify(project);
                    assertThat(verify.getBoolean("valid")).as("chain of %s: %s", project, verify.prettify()).isTrue();
                    assertThat(verify.getLong("events")).isEqualTo(EVENTS / PROJECTS);
                }
            }
            // Typically fewer offsets were committed than events stored: the restart redelivered those, and dropped them.
            System.out.printf("SIGKILL after %d of %d records produced, %d events stored, %d offsets committed; "
                    + "all %d stored once after the restart%n", producedAtKill, stream.size(), killedAtStored,
                    committedAtKill, distinct.size());
        }
    }

    private static void produce(TestTopics kafka, List<AuditEvent> stream, AtomicInteger produced) {
        try {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < stream.size(); i++) {
                acks.add(kafka.send(stream.get(i)));
                produced.incrementAndGet();
                if (i % 5 == 4) {
                    Thread.sleep(20);
                }
            }
            kafka.flush();
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing the stream failed", e);
        }
    }
}
