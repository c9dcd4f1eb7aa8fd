package com.microenv.audit.persistence;

import java.time.Instant;

/**
 * Which of a chain's events a page shows; every field but the project is optional (null: no restriction).
 *
 * @param projectId   the project ({@code ""}: the chain of events that belong to no project)
 * @param beforeSeq   only events older than this seq (the cursor of the previous page)
 * @param from        only events at or after this time
 * @param to          only events before this time
 * @param actor       only events of this actor
 * @param action      only events with this action, e.g. {@code variable.read}
 * @param environment only events concerning this environment
 * @param type        only events of this type, e.g. {@code com.microenv.variable.read.v1}
 * @param outcome     only events with this outcome ({@code success}, {@code denied}, {@code failure})
 * @param requestId   only events of this request id
 */
public record EventFilter(
        String projectId,
        Long beforeSeq,
        Instant from,
        Instant to,
        String actor,
        String action,
        String environment,
        String type,
        String outcome,
        String requestId) {

    public EventFilter(String projectId, Long beforeSeq, Instant from, Instant to, String actor, String action, String environment) {
        this(projectId, beforeSeq, from, to, actor, action, environment, null, null, null);
    }
}
