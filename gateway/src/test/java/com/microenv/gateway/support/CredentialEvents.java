package com.microenv.gateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Publishes credential events to the real {@code microenv.credentials.v1} on the shared Kafka, shaped as
 * docs/contracts.md ("Credential events") says auth-service publishes them.
 */
public final class CredentialEvents implements AutoCloseable {

    public static final String TOPIC = "microenv.credentials.v1";

    private final KafkaProducer<String, String> producer;

    public CredentialEvents(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    public void credentialRevoked(String projectId, String userId, List<String> credentialIds) {
        publish(projectId != null ? projectId : userId != null ? userId : credentialIds.get(0), event("credential.revoked")
                .put("projectId", projectId).put("userId", userId)
                .put("credentialIds", new JsonArray(credentialIds)).put("reason", "revoked"));
    }

    public void memberChanged(String projectId, String userId) {
        publish(projectId, event("member.changed").put("projectId", projectId).put("userId", userId).put("reason", "removed"));
    }

    public void projectDeleted(String projectId) {
        publish(projectId, event("project.deleted").put("projectId", projectId));
    }

    public void raw(String key, String value) {
        send(key, value);
    }

    private static JsonObject event(String type) {
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("type", type).put("time", Instant.now().toString());
    }

    private void publish(String key, JsonObject event) {
        send(key, event.encode());
    }

    private void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + TOPIC, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
