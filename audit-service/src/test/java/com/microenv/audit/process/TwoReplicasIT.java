package com.microenv.audit.process;

import com.microenv.audit.TestEvents;
import com.microenv.audit.event.AuditEvent;
import com.microenv.testinfra.LocalInfra;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged audit-service replicas in one consumer group split the partitions of a topic (keyed by project) and
 * store together: every project's chain stays valid and every event is stored once.
 */
class TwoReplicasIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final int PARTITIONS = 6;
    private static final int PROJECTS_PER_PARTITION = 2;
    private static final int EVENTS_PER_PROJECT = 150;

    @Test
    void twoReplicasConsumingTogetherKeepEveryChainValidAndStoreEveryEventOnce() throws Exception {
        Map<String, String> infra = LocalInfra.settings();
        // Projects spread over every partition, so both replicas have chains to extend.
        Map<Integer, List<String>> byPartition = new HashMap<>();
        List<String> projects = new ArrayList<>();
        while (projects.size() < PARTITIONS * PROJECTS_PER_PARTITION) {
            String project = UUID.randomUUID().toString();
            List<String> on = byPartition.computeIfAbsent(partitionOf(project), p -> new ArrayList<>());
            if (on.size() < PROJECTS_PER_PARTITION) {
                on.add(project);
                projects.add(project);
            }
        }

        try (TestTopics kafka = new TestTopics(infra, "replicas", PARTITIONS);
             PackagedAuditService one = PackagedAuditService.start("replica-1", infra, kafka.topic, kafka.group);
             PackagedAuditService two = PackagedAuditService.start("replica-2", infra, kafka.topic, kafka.group)) {
            one.awaitReady(START);
            two.awaitReady(START);
            Map<String, Set<TopicPartition>> before = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> assignments(kafka), a -> a.size() == 2 && a.values().stream().noneMatch(Set::isEmpty)
                            && a.values().stream().mapToInt(Set::size).sum() == PARTITIONS);

            Map<String, AuditEvent> distinct = new LinkedHashMap<>();
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_PROJECT; i++) {
                for (String project : projects) {
                    AuditEvent event = TestEvents.variableRead(project, "key_" + i, i % 2 == 0 ? "production" : "staging");
                    distinct.put(event.id(), event);
                    acks.add(kafka.send(event));
                    if (i % 25 == 24) {
                        acks.add(kafka.send(event)); // a producer retry
                    }
                }
                Thread.sleep(5);
            }
            kafka.flush();
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.storedIds(projects).size() >= distinct.size());
            Map<String, Integer> stored = kafka.storedIds(projects);
            assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(distinct.keySet());
            assertThat(stored.values()).allMatch(n -> n == 1);
            for (String project : projects) {
                JsonPath verify = (project.hashCode() % 2 == 0 ? one : two).verify(project);
                assertThat(verify.getBoolean("valid")).as("chain of %s: %s", project, verify.prettify()).isTrue();
                assertThat(verify.getLong("events")).isEqualTo(EVENTS_PER_PROJECT);
            }
            // Both replicas held their share of the partitions throughout: each stored the events of its projects.
            assertThat(assignments(kafka)).isEqualTo(before);
            System.out.printf("two replicas, partitions %s, stored %d events of %d projects once each%n",
                    before.values(), distinct.size(), projects.size());
        }
    }

    /** Member id → the test topic's partitions it holds. */
    private static Map<String, Set<TopicPartition>> assignments(TestTopics kafka) throws Exception {
        ConsumerGroupDescription group = kafka.admin().describeConsumerGroups(List.of(kafka.group)).all()
                .get(30, TimeUnit.SECONDS).get(kafka.group);
        Map<String, Set<TopicPartition>> assigned = new HashMap<>();
        for (MemberDescription member : group.members()) {
            assigned.put(member.consumerId(), new HashSet<>(member.assignment().topicPartitions()));
        }
        return assigned;
    }

    /** The partition Kafka's default partitioner picks for a key. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
