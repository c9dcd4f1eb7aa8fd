package com.microenv.secrets.events;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditTypes;
import com.microenv.secrets.service.Caller;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit events secrets-service emits. They carry names and versions, never values. */
public final class AuditEvents {

    public static final String SERVICE = "secrets-service";

    public static final String VARIABLE_READ = "variable.read";
    public static final String VARIABLE_WRITTEN = "variable.written";
    public static final String VARIABLE_DELETED = "variable.deleted";
    public static final String VARIABLES_CHANGED = "variables.changed";
    public static final String VARIABLE_LISTED = "variable.listed";
    public static final String ENVIRONMENT_CREATED = "environment.created";
    public static final String ENVIRONMENT_UPDATED = "environment.updated";
    public static final String ENVIRONMENT_DELETED = "environment.deleted";
    public static final String ENVIRONMENT_LIST = "environment.list";
    public static final String PROJECT_SHREDDED = "project.shredded";
    public static final String KEK_ROTATED = "kek.rotated";

    private AuditEvents() {
    }

    public static AuditEvent variablesRead(Caller caller, UUID projectId, String environment, List<String> names,
                                           Map<String, String> details) {
        return event(AuditTypes.VARIABLE_READ, variablesPath(projectId, environment),
                data(caller, projectId.toString(), environment, VARIABLE_READ, AuditData.SUCCESS, names,
                        details.isEmpty() ? null : details));
    }

    public static AuditEvent variableRead(Caller caller, UUID projectId, String environment, String name,
                                          Map<String, String> details) {
        return event(AuditTypes.VARIABLE_READ, variablePath(projectId, environment, name),
                data(caller, projectId.toString(), environment, VARIABLE_READ, AuditData.SUCCESS, List.of(name),
                        details.isEmpty() ? null : details));
    }

    /** @param change {@code created}, {@code updated} or {@code rolled_back} */
    public static AuditEvent variableWritten(Caller caller, UUID projectId, String environment, String name,
                                             long version, String change, Long restoredFrom) {
        Map<String, String> details = new HashMap<>();
        details.put("version", Long.toString(version));
        details.put("change", change);
        if (restoredFrom != null) {
            details.put("restoredFrom", Long.toString(restoredFrom));
        }
        return event(AuditTypes.VARIABLE_WRITTEN, variablePath(projectId, environment, name),
                data(caller, projectId.toString(), environment, VARIABLE_WRITTEN, AuditData.SUCCESS, List.of(name),
                        details));
    }

    public static AuditEvent variableDeleted(Caller caller, UUID projectId, String environment, String name,
                                             long lastVersion) {
        return event(AuditTypes.VARIABLE_DELETED, variablePath(projectId, environment, name),
                data(caller, projectId.toString(), environment, VARIABLE_DELETED, AuditData.SUCCESS, List.of(name),
                        Map.of("lastVersion", Long.toString(lastVersion))));
    }

    /**
     * One event for a bulk change or an upload.
     *
     * @param via     {@code bulk} or {@code import}
     * @param written names set, with their new versions, as {@code NAME=version,...}
     */
    public static AuditEvent variablesChanged(Caller caller, UUID projectId, String environment, List<String> names,
                                              String via, String written, String deleted) {
        Map<String, String> details = new HashMap<>();
        details.put("via", via);
        details.put("written", written);
        details.put("deleted", deleted);
        return event(AuditTypes.type(VARIABLES_CHANGED), variablesPath(projectId, environment),
                data(caller, projectId.toString(), environment, VARIABLES_CHANGED, AuditData.SUCCESS, names, details));
    }

    public static AuditEvent environmentCreated(Caller caller, UUID projectId, String environment, String reason) {
        return event(AuditTypes.ENVIRONMENT_CREATED, environmentPath(projectId, environment),
                data(caller, projectId.toString(), environment, ENVIRONMENT_CREATED, AuditData.SUCCESS, null,
                        Map.of("reason", reason)));
    }

    /** A rename and/or a change of protection; {@code details} says which. */
    public static AuditEvent environmentUpdated(Caller caller, UUID projectId, String environment,
                                                Map<String, String> details) {
        return event(AuditTypes.type(ENVIRONMENT_UPDATED), environmentPath(projectId, environment),
                data(caller, projectId.toString(), environment, ENVIRONMENT_UPDATED, AuditData.SUCCESS, null, details));
    }

    public static AuditEvent environmentDeleted(Caller caller, UUID projectId, String environment, List<String> names) {
        return event(AuditTypes.type(ENVIRONMENT_DELETED), environmentPath(projectId, environment),
                data(caller, projectId.toString(), environment, ENVIRONMENT_DELETED, AuditData.SUCCESS, names,
                        Map.of("variablesDeleted", Integer.toString(names.size()))));
    }

    /** The project's data key and all its values were destroyed after auth-service reported the project deleted. */
    public static AuditEvent projectShredded(UUID projectId, String sourceEventId) {
        AuditData data = new AuditData("secrets-service", "secrets-service", null, "service", projectId.toString(),
                null, PROJECT_SHREDDED, AuditData.SUCCESS, sourceEventId, null, null, null,
                Map.of("credentialEventId", sourceEventId == null ? "" : sourceEventId));
        return event(AuditTypes.type(PROJECT_SHREDDED), "/projects/" + projectId, data);
    }

    /** A project's data key was re-wrapped under a new KEK (key ids only). */
    public static AuditEvent kekRotated(UUID projectId, String fromKek, String toKek) {
        AuditData data = new AuditData("secrets-service", "secrets-service", null, "service", projectId.toString(),
                null, KEK_ROTATED, AuditData.SUCCESS, null, null, null, null,
                Map.of("fromKekId", fromKek, "toKekId", toKek));
        return event(AuditTypes.type(KEK_ROTATED), "/projects/" + projectId + "/key", data);
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

    public static String environmentPath(UUID projectId, String environment) {
        return "/projects/" + projectId + "/environments/" + environment;
    }

    public static String variablesPath(UUID projectId, String environment) {
        return environmentPath(projectId, environment) + "/variables";
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
