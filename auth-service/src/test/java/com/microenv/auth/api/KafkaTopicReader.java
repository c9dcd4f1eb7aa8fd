package com.microenv.auth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Reads a real topic as JSON from the moment it is opened (every partition positioned at its end first). */
final class KafkaTopicReader implements AutoCloseable {

    /** One record: its key, its raw value, and the value parsed. */
    record Seen(String key, String raw, JsonNode json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final List<Seen> seen = new ArrayList<>();

    private KafkaTopicReader(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    static KafkaTopicReader credentialsFromNow() {
        return fromNow("microenv.credentials.v1");
    }

    static KafkaTopicReader auditFromNow() {
        return fromNow("microenv.audit.v1");
    }

    static KafkaTopicReader fromNow(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AuthTestClient.setting("MICROENV_KAFKA_BOOTSTRAP"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(10)));
        return new KafkaTopicReader(consumer);
    }

    /** The first record matching {@code condition}, waiting up to 30 seconds. */
    Seen awaitRecord(Predicate<Seen> condition) {
        AtomicReference<Seen> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(new Seen(record.key(), record.value(), JSON.readTree(record.value())));
            }
            Seen match = seen.stream().filter(condition).findFirst().orElse(null);
            assertThat(match).as("a record matching the condition").isNotNull();
            found.set(match);
        });
        return found.get();
    }

    /** A credential event of {@code type} naming {@code credentialId}. */
    Seen awaitCredentialEvent(String type, String credentialId) {
        return awaitRecord(s -> type.equals(s.json().path("type").asText())
                && s.json().path("credentialIds").toString().contains("\"" + credentialId + "\""));
    }

    /** An audit event of {@code type} (full CloudEvents type) whose data mentions {@code text}. */
    Seen awaitAudit(String type, String text) {
        return awaitRecord(s -> type.equals(s.json().path("type").asText()) && s.raw().contains(text));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
