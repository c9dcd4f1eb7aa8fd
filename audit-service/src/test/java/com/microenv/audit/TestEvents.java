package com.microenv.audit;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditTypes;

import java.util.List;

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
}
