package com.microenv.audit.process;

import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A test's own events topic (and consumer group) on the shared broker, removed afterwards; and the store's view of it. */
final class TestTopics implements AutoCloseable {

    final String topic;
    final String group;
    final int partitions;
    private final Map<String, String> infra;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;

    TestTopics(Map<String, String> infra, String name, int partitions) throws Exception {
        this.infra = infra;
        this.partitions = partitions;
        String suffix = name + "-" + Long.toHexString(System.nanoTime());
        this.topic = "microenv.audit.it." + suffix;
        this.group = "audit-service-it-" + suffix;
        String bootstrap = infra.get("MICROENV_KAFKA_BOOTSTRAP");
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2),
                new StringSerializer(), new StringSerializer());
    }

    Admin admin() {
        return admin;
    }

    /** Sends as the services do (key = project id); the broker's acknowledgement is the future. */
    Future<?> send(AuditEvent event) {
        return producer.send(new ProducerRecord<>(topic, event.partitionKey(), AuditEventCodec.toJson(event)));
    }

    void flush() {
        producer.flush();
    }

    /** How often each event id of these projects is stored. */
    Map<String, Integer> storedIds(List<String> projects) throws SQLException {
        try (Connection db = DriverManager.getConnection(
                "jdbc:postgresql://" + infra.get("MICROENV_PG_HOST") + ":" + infra.get("MICROENV_PG_PORT") + "/microenv_audit",
                infra.getOrDefault("MICROENV_AUDIT_APP_DB_USER", "microenv_audit_app"), infra.get("MICROENV_AUDIT_APP_DB_PASSWORD"));
             PreparedStatement query = db.prepareStatement(
                     "SELECT event_id, count(*) FROM audit_events WHERE project_id = ANY(?) GROUP BY event_id")) {
            query.setArray(1, db.createArrayOf("text", projects.toArray()));
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the group may never have formed, or still be emptying
        }
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        try {
            admin.deleteTopics(List.of(topic + ".checkpoints")).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // only there if the broker auto-created it
        }
        admin.close();
    }
}
