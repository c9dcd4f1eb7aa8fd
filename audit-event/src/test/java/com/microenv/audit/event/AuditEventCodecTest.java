package com.microenv.audit.event;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditEventCodecTest {

    private static AuditEvent sample() {
        AuditData data = new AuditData("key_1", "ci", "key_1", "api_key", "p-1", "production", "variable.read",
                AuditData.SUCCESS, "req-1", "127.0.0.1", "curl/8", List.of("DB_URL", "API_TOKEN"), Map.of("b", "2", "a", "1"));
        return AuditEvent.of("secrets-service", AuditTypes.VARIABLE_READ, "/projects/p-1/environments/production/variables", data);
    }

    @Test
    void roundTripKeepsEveryField() {
        AuditEvent event = sample();
        assertThat(AuditEventCodec.fromJson(AuditEventCodec.toJson(event))).isEqualTo(event);
    }

    @Test
    void serialisationIsStableSoTheChainCanHashIt() {
        AuditEvent event = sample();
        String once = AuditEventCodec.toJson(event);
        assertThat(AuditEventCodec.toJson(AuditEventCodec.fromJson(once))).isEqualTo(once);
        assertThat(once).startsWith("{\"specversion\":\"1.0\",\"id\":");
        assertThat(once).contains("\"type\":\"com.microenv.variable.read.v1\"", "\"details\":{\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void partitionKeyIsTheProject() {
        assertThat(sample().partitionKey()).isEqualTo("p-1");
    }

    @Test
    void garbageIsRejectedWithAClearError() {
        assertThatThrownBy(() -> AuditEventCodec.fromJson("{\"specversion\":\"0.3\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a MicroENV audit event");
    }
}
