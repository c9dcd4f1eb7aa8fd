package com.microenv.audit.ingest;

import com.microenv.audit.TestDatabase;
import com.microenv.audit.TestEvents;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records on the topic that are not CloudEvents of ours do not stop ingestion: each is skipped, counted and logged by
 * its position, never by its content, and the valid events of the same batch are stored. (The consumer is fed a
 * batch directly: in the shared test group another JVM may own the partition a record lands on;
 * AuditEventsApiTest shows the same over the real topic.)
 */
@QuarkusTest
class MalformedRecordsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    AuditEventConsumer consumer;

    @Test
    void malformedRecordsAreSkippedCountedAndLoggedWithoutTheirContent() {
        String project = UUID.randomUUID().toString();
        AuditEvent before = TestEvents.variableRead(project, "key_before", "production");
        AuditEvent after = TestEvents.variableRead(project, "key_after", "production");
        String wrongVersion = AuditEventCodec.toJson(TestEvents.variableRead(project, "key_v", "production"))
                .replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"");
        List<String> junk = List.of(
                "not JSON at all: password=SENSITIVE-1",
                "{\"specversion\":\"1.0\",\"note\":\"SENSITIVE-2\"}",
                "[\"SENSITIVE-3\"]",
                wrongVersion.replace("DATABASE_URL", "SENSITIVE-4"));
        TopicPartition partition = new TopicPartition(AuditEvent.TOPIC, 0);
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        long offset = 1_000_000;
        records.add(new ConsumerRecord<>(AuditEvent.TOPIC, 0, offset++, project, AuditEventCodec.toJson(before)));
        for (String value : junk) {
            records.add(new ConsumerRecord<>(AuditEvent.TOPIC, 0, offset++, project, value));
        }
        records.add(new ConsumerRecord<>(AuditEvent.TOPIC, 0, offset++, project, null));
        records.add(new ConsumerRecord<>(AuditEvent.TOPIC, 0, offset, project, AuditEventCodec.toJson(after)));

        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(AuditEventConsumer.class.getName());
        log.addHandler(capture);
        long skippedBefore = consumer.skippedRecords();
        try {
            consumer.consume(new ConsumerRecords<>(Map.of(partition, records), Map.of())).await().atMost(TIMEOUT);
        } finally {
            log.removeHandler(capture);
        }

        assertThat(TestDatabase.count(project)).isEqualTo(2);
        assertThat(consumer.skippedRecords() - skippedBefore).isEqualTo(junk.size() + 1);
        List<String> skips = logged.stream().filter(m -> m.contains("not a MicroENV audit event")).toList();
        assertThat(skips).hasSize(junk.size() + 1);
        assertThat(skips).allSatisfy(m -> assertThat(m).containsPattern("microenv\\.audit\\.v1-0@100000\\d"));
        assertThat(logged).noneSatisfy(m -> assertThat(m).contains("SENSITIVE"));
    }
}
