package com.microenv.secrets.support;

import com.microenv.audit.event.AuditEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the real audit topic from its end at creation; keeps the records of one project. */
public final class AuditTopic implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String projectKey;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private AuditTopic(UUID project) {
        this.projectKey = project.toString();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "secrets-service-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        // From the current end of every partition: the shared topic holds everyone's events (benchmarks too), so
        // reading it from the start can take longer than a test waits. Tests open this before they act.
        List<TopicPartition> partitions = consumer.partitionsFor(AuditEvent.TOPIC, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
    }

    public static AuditTopic forProject(UUID project) {
        return new AuditTopic(project);
    }

    /** Polls once and returns every record of the project seen so far (call it from Awaitility). */
    public List<ConsumerRecord<String, String>> poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
            if (projectKey.equals(record.key())) {
                records.add(record);
            }
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
