package com.microenv.audit.chain;

/**
 * One stored row of a chain, as read back for verification.
 *
 * @param seq      the store's sequence number (chain order within a project)
 * @param columns  the filter columns stored beside the event
 * @param event    the canonical event JSON the hash covers
 * @param prevHash the stored hash of the previous link
 * @param hash     the stored hash of this link
 */
public record StoredLink(long seq, EventColumns columns, String event, byte[] prevHash, byte[] hash) {
}
