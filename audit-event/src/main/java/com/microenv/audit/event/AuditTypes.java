package com.microenv.audit.event;

/** The event types producers use; {@code type} is always {@code com.microenv.<resource>.<action>.v1}. */
public final class AuditTypes {

    public static final String VARIABLE_READ = type("variable.read");
    public static final String VARIABLE_WRITTEN = type("variable.written");
    public static final String VARIABLE_DELETED = type("variable.deleted");
    public static final String ENVIRONMENT_CREATED = type("environment.created");
    public static final String PROJECT_CREATED = type("project.created");
    public static final String APIKEY_CREATED = type("apikey.created");
    public static final String APIKEY_REVOKED = type("apikey.revoked");
    public static final String TOKEN_EXCHANGED = type("token.exchanged");
    public static final String ACCESS_DENIED = type("access.denied");
    /** audit-service's retention job removed a project's expired events (docs/audit-events.md). */
    public static final String AUDIT_RETENTION_APPLIED = type("audit.retention_applied");

    private AuditTypes() {
    }

    /** {@code com.microenv.<action>.v1} for an action like {@code variable.read}. */
    public static String type(String action) {
        return "com.microenv." + action + ".v1";
    }
}
