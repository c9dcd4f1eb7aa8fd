package com.microenv.audit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.chain.Checkpoint;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes signed checkpoints to {@value #TOPIC}, keyed by project id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class CheckpointPublisher {

    public static final String TOPIC = "microenv.audit-checkpoints.v1";

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public CheckpointPublisher(@Channel("audit-checkpoints") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    public Uni<Void> publish(Checkpoint checkpoint) {
        String value;
        try {
            value = json.writeValueAsString(checkpoint.toJson());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return emitter.sendMessage(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(checkpoint.projectId()).build()));
    }
}
