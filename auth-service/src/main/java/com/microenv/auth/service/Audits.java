package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditTypes;

import java.util.Map;
import java.util.UUID;

/** The audit event types auth-service emits (each has a catalogue file in audit-event) and their data. */
public final class Audits {

    public static final String PROJECT_CREATED = AuditTypes.PROJECT_CREATED;
    public static final String PROJECT_DELETED = AuditTypes.type("project.deleted");
    public static final String APIKEY_CREATED = AuditTypes.APIKEY_CREATED;
    public static final String APIKEY_ROTATED = AuditTypes.type("apikey.rotated");
    public static final String APIKEY_REVOKED = AuditTypes.APIKEY_REVOKED;
    public static final String APIKEY_EXPIRED = AuditTypes.type("apikey.expired");
    public static final String LOGIN_REQUESTED = AuditTypes.type("login.requested");
    public static final String LOGIN_APPROVED = AuditTypes.type("login.approved");
    public static final String LOGIN_DENIED = AuditTypes.type("login.denied");
    public static final String LOGIN_COMPLETED = AuditTypes.type("login.completed");
    public static final String CLITOKEN_REVOKED = AuditTypes.type("clitoken.revoked");
    public static final String MEMBER_ADDED = AuditTypes.type("member.added");
    public static final String MEMBER_INVITED = AuditTypes.type("member.invited");
    public static final String MEMBER_REMOVED = AuditTypes.type("member.removed");
    public static final String MEMBER_ROLE_CHANGED = AuditTypes.type("member.role_changed");
    public static final String SIGNING_KEY_ROTATED = AuditTypes.type("signingkey.rotated");
    public static final String ACCESS_DENIED = AuditTypes.ACCESS_DENIED;
    public static final String OIDCTRUST_CREATED = AuditTypes.type("oidctrust.created");
    public static final String OIDCTRUST_UPDATED = AuditTypes.type("oidctrust.updated");
    public static final String OIDCTRUST_DELETED = AuditTypes.type("oidctrust.deleted");
    public static final String OIDC_LOGIN_COMPLETED = AuditTypes.type("oidc.login_completed");
    public static final String OIDC_LOGIN_REFUSED = AuditTypes.type("oidc.login_refused");

    private Audits() {
    }

    /** A successful action of {@code caller}. */
    public static AuditData success(Caller caller, UUID projectId, String action, RequestContext request,
                                    Map<String, String> details) {
        return new AuditData(caller.subject(), caller.actorName(), caller.credentialId(), caller.credentialKind(),
                projectId == null ? null : projectId.toString(), null, action, AuditData.SUCCESS, request.requestId(),
                request.clientIp(), request.userAgent(), null, details);
    }

    /** An action done by the service itself (expiry, sign-in side effects). */
    public static AuditData bySystem(String actor, String actorName, String projectId, String action, String outcome,
                                     RequestContext request, Map<String, String> details) {
        return new AuditData(actor, actorName, null, "service", projectId, null, action, outcome,
                request == null ? null : request.requestId(), request == null ? null : request.clientIp(),
                request == null ? null : request.userAgent(), null, details);
    }
}
