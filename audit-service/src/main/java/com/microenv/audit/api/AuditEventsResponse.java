package com.microenv.audit.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A page of audit events.
 *
 * @param events     CloudEvents JSON exactly as stored, newest first
 * @param nextCursor pass as {@code cursor} to get the next (older) page; null on the last page
 */
public record AuditEventsResponse(List<JsonNode> events, String nextCursor) {
}
