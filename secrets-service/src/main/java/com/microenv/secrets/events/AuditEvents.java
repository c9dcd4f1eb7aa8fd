package com.microenv.secrets.events;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditTypes;
import com.microenv.secrets.service.Caller;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit events secrets-service emits. They carry names and versions, never values. */
public final class AuditEvents {

    public static final String SERVICE = "secrets-service";

    public static final String VARIABLE_READ = "variable.read";
    public static final String VARIABLE_WRITTEN = "variable.written";
    public static final String VARIABLE_DELETED = "variable.deleted";
    public static final String ENVIRONMENT_CREATED = "environment.created";

    private AuditEvents() {
    }

    public static AuditEvent variablesRead(Caller caller, UUID projectId, String environment, List<String> names) {
        return event(AuditTypes.VARIABLE_READ, variablesPath(projectId, environment),
                data(caller, projectId.toString(), environment, VARIABLE_READ, AuditData.SUCCESS, names, null));
    }

    public static AuditEvent variableRead(Caller caller, UUID projectId, String environment, String name) {
        return event(AuditTypes.VARIABLE_READ, variablePath(projectId, environment, name),
                data(caller, projectId.toString(), environment, VARIABLE_READ, AuditData.SUCCESS, List.of(name), null));
    }

    public static AuditEvent variableWritten(Caller caller, UUID projectId, String environment, String name,
                                             long version, boolean created) {
        return event(AuditTypes.VARIABLE_WRITTEN, variablePath(projectId, environment, name),
                data(caller, projectId.toString(), environment, VARIABLE_WRITTEN, AuditData.SUCCESS, List.of(name),
                        Map.of("version", Long.toString(version), "change", created ? "created" : "updated")));
    }

    public static AuditEvent variableDeleted(Caller caller, UUID projectId, String environment, String name,
                                             long lastVersion) {
        return event(AuditTypes.VARIABLE_DELETED, variablePath(projectId, environment, name),
                data(caller, projectId.toString(), environment, VARIABLE_DELETED, AuditData.SUCCESS, List.of(name),
                        Map.of("lastVersion", Long.toString(lastVersion))));
    }

    public static AuditEvent environmentCreated(Caller caller, UUID projectId, String environment) {
        return event(AuditTypes.ENVIRONMENT_CREATED, "/projects/" + projectId + "/environments/" + environment,
                data(caller, projectId.toString(), environment, ENVIRONMENT_CREATED, AuditData.SUCCESS, null,
                        Map.of("reason", "default environment made on the project's first use")));
    }

    /**
     * A refused attempt.
     *
     * @param projectId   the project named in the request path
     * @param action      what was attempted, e.g. {@code variable.read}
     * @param subject     the resource path that was asked for
     * @param reason      why it was refused (no secret in it)
     */
    public static AuditEvent accessDenied(Caller caller, UUID projectId, String environment, String action,
                                          String subject, String reason) {
        return event(AuditTypes.ACCESS_DENIED, subject,
                data(caller, projectId.toString(), environment, action, AuditData.DENIED, null,
                        Map.of("reason", reason)));
    }

    public static String variablesPath(UUID projectId, String environment) {
        return "/projects/" + projectId + "/environments/" + environment + "/variables";
    }

    public static String variablePath(UUID projectId, String environment, String name) {
        return variablesPath(projectId, environment) + "/" + name;
    }

    private static AuditEvent event(String type, String subject, AuditData data) {
        return AuditEvent.of(SERVICE, type, subject, data);
    }

    private static AuditData data(Caller caller, String projectId, String environment, String action, String outcome,
                                  List<String> names, Map<String, String> details) {
        return new AuditData(caller.subject(), caller.actorName(), caller.credentialId(), caller.credentialKind(),
                projectId, environment, action, outcome, caller.requestId(), caller.clientIp(), caller.userAgent(),
                names, details);
    }
}
