package com.microenv.secrets.service;

import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.events.AuditPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Enforces the internal JWT's scope: its project must be the path's project, it must hold the permission, and it
 * must grant the environment. The gateway checks too, but it is not the only wall. Refusals are audited.
 */
@ApplicationScoped
public class AccessPolicy {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);

    private final AuditPublisher publisher;
    private final SecretsConfig config;

    public AccessPolicy(AuditPublisher publisher, SecretsConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * @param environment the environment the request touches, or null when it touches the project as a whole
     * @param action      the audited action attempted, e.g. {@code variable.read}
     * @param subject     the resource path attempted
     * @throws ServiceException FORBIDDEN when the token does not allow it
     */
    public void authorize(Caller caller, UUID projectId, String environment, Permission permission, String action,
                          String subject) {
        String refusal = refusal(caller, projectId, environment, permission);
        if (refusal != null) {
            LOG.infof("request %s: %s denied to %s: %s", caller.requestId(), action, caller.subject(), refusal);
            publisher.publishBestEffort(
                    AuditEvents.accessDenied(caller, projectId, environment, action, subject, refusal),
                    config.audit().ackTimeout());
            throw ServiceException.forbidden(refusal);
        }
    }

    /** Writes to a protected environment also need {@code admin}. */
    public void authorizeProtected(Caller caller, UUID projectId, String environment, String action, String subject) {
        if (!caller.has(Permission.ADMIN)) {
            refuse(caller, projectId, environment, action, subject, "environment " + environment
                    + " is protected: writing to it needs the 'admin' permission besides 'write'");
        }
    }

    /** Audits a refusal (best effort) and throws the 403. */
    public void refuse(Caller caller, UUID projectId, String environment, String action, String subject,
                       String refusal) {
        LOG.infof("request %s: %s denied to %s: %s", caller.requestId(), action, caller.subject(), refusal);
        publisher.publishBestEffort(AuditEvents.accessDenied(caller, projectId, environment, action, subject, refusal),
                config.audit().ackTimeout());
        throw ServiceException.forbidden(refusal);
    }

    private static String refusal(Caller caller, UUID projectId, String environment, Permission permission) {
        if (!projectId.toString().equalsIgnoreCase(caller.project())) {
            return "the token is not valid for this project";
        }
        if (!caller.has(permission)) {
            return "the token lacks the '" + permission.claim() + "' permission";
        }
        if (environment != null && !caller.mayUse(environment)) {
            return "the token does not grant access to this environment";
        }
        return null;
    }
}
