package com.microenv.audit;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditTypes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Audit events as the producing services make them. */
public final class TestEvents {

    private TestEvents() {
    }

    public static AuditEvent variableRead(String projectId, String actor, String environment) {
        return event(projectId, actor, environment, "variable.read");
    }

    public static AuditEvent event(String projectId, String actor, String environment, String action) {
        AuditData data = new AuditData(actor, actor + "-name", "cred-" + actor, "api_key", projectId, environment,
                action, AuditData.SUCCESS, "req-1", "127.0.0.1", "test", List.of("DATABASE_URL"), null);
        return AuditEvent.of("secrets-service", AuditTypes.type(action),
                "/projects/" + projectId + "/environments/" + environment + "/variables", data);
    }

    /**
     * An event with every filtered field chosen, at a given time; {@code projectId} null for an event of no project
     * (then made by auth-service, like a sign-in).
     */
    public static AuditEvent at(Instant time, String projectId, String actor, String environment, String action,
                                String outcome, String requestId) {
        AuditData data = new AuditData(actor, actor + "-name", "cred-" + actor, projectId == null ? "user" : "api_key",
                projectId, environment, action, outcome, requestId, "127.0.0.1", "test",
                environment == null ? null : List.of("DATABASE_URL"), null);
        String subject = projectId == null ? "/auth/device" : "/projects/" + projectId + "/environments/" + environment + "/variables";
        return new AuditEvent(AuditEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                "/microenv/" + (projectId == null ? "auth-service" : "secrets-service"), AuditTypes.type(action), subject,
                time.truncatedTo(ChronoUnit.MICROS), AuditEvent.CONTENT_TYPE, AuditEvent.DATA_SCHEMA, data);
    }
}
