package com.microenv.audit.persistence;

import java.time.Instant;

/**
 * Which of a project's events a page shows; every field but the project is optional (null: no restriction).
 *
 * @param projectId   the project
 * @param beforeSeq   only events older than this seq (the cursor of the previous page)
 * @param from        only events at or after this time
 * @param to          only events before this time
 * @param actor       only events of this actor
 * @param action      only events with this action, e.g. {@code variable.read}
 * @param environment only events concerning this environment
 */
public record EventFilter(
        String projectId,
        Long beforeSeq,
        Instant from,
        Instant to,
        String actor,
        String action,
        String environment) {
}
