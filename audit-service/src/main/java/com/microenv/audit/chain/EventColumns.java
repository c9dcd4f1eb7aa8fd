package com.microenv.audit.chain;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The columns the store keeps beside each event's canonical JSON, for filtering. They are derived from the
 * event alone, so the verifier can check that no one edited them apart from the (hashed) JSON.
 *
 * @param projectId   the project, or {@link #NO_PROJECT} for platform events that name none (they form their own chain)
 * @param time        the event time at the store's precision (microseconds)
 */
public record EventColumns(
        String projectId,
        String eventId,
        String type,
        Instant time,
        String actor,
        String environment,
        String action,
        String outcome) {

    /** The chain of events that belong to no project (e.g. a login). */
    public static final String NO_PROJECT = "";

    public static EventColumns of(AuditEvent event) {
        AuditData data = event.data();
        return new EventColumns(
                data.projectId() == null ? NO_PROJECT : data.projectId(),
                event.id(),
                event.type(),
                event.time().truncatedTo(ChronoUnit.MICROS),
                data.actor(),
                data.environment(),
                data.action(),
                data.outcome());
    }
}
