package com.microenv.audit.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The {@code data} of an audit event: who did what to which resource, and how it ended.
 * It never carries a secret value, a key or a token: only names and ids.
 *
 * @param actor          the user id or API key id that acted
 * @param actorName      a human-readable name of the actor (email, key name), when known
 * @param credentialId   the id of the credential used (API key id, CLI token id, ...)
 * @param credentialKind {@code api_key}, {@code cli_token}, {@code user} or {@code service}
 * @param projectId      the project; also the Kafka key
 * @param environment    the environment name, when the action concerns one
 * @param action         the verb, e.g. {@code variable.read}
 * @param outcome        {@code success}, {@code denied} or {@code failure}
 * @param requestId      the request id the gateway assigned
 * @param clientIp       the caller's address as the gateway saw it
 * @param userAgent      the caller's user agent
 * @param variableNames  the variable names concerned (never values)
 * @param details        further non-secret facts (key id created, reason denied, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditData(
        String actor,
        String actorName,
        String credentialId,
        String credentialKind,
        String projectId,
        String environment,
        String action,
        String outcome,
        String requestId,
        String clientIp,
        String userAgent,
        List<String> variableNames,
        Map<String, String> details) {

    public static final String SUCCESS = "success";
    public static final String DENIED = "denied";
    public static final String FAILURE = "failure";

    public AuditData {
        variableNames = variableNames == null ? null : List.copyOf(variableNames);
        details = details == null ? null : Map.copyOf(details);
    }
}
