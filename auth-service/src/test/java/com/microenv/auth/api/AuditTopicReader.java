package com.microenv.auth.api;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads the real audit topic from the moment it is opened: every partition is assigned and positioned at
 * its end first, so events produced afterwards are seen and older ones are skipped.
 */
final class AuditTopicReader implements AutoCloseable {

    /** One record as it came off the topic. */
    record Seen(String key, AuditEvent event) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Seen> seen = new ArrayList<>();

    private AuditTopicReader(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    static AuditTopicReader fromNow() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AuthTestClient.setting("MICROENV_KAFKA_BOOTSTRAP"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(AuditEvent.TOPIC, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(10)));
        return new AuditTopicReader(consumer);
    }

    /** The first event (with its record key) matching {@code condition}, waiting up to 20 seconds. */
    Seen awaitEvent(Predicate<Seen> condition) {
        AtomicReference<Seen> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(new Seen(record.key(), AuditEventCodec.fromJson(record.value())));
            }
            Seen match = seen.stream().filter(condition).findFirst().orElse(null);
            assertThat(match).as("an audit event matching the condition").isNotNull();
            found.set(match);
        });
        return found.get();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
