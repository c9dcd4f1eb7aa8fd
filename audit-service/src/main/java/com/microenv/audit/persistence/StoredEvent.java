package com.microenv.audit.persistence;

/**
 * One stored event as the query API returns it.
 *
 * @param seq   its place in the store (the paging cursor)
 * @param event the CloudEvent JSON exactly as stored
 */
public record StoredEvent(long seq, String event) {
}
