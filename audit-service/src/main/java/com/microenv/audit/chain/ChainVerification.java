package com.microenv.audit.chain;

/**
 * The outcome of checking one project's chain.
 *
 * @param valid    whether every link checked out
 * @param events   how many links were checked (all of them when valid; up to and including the broken one otherwise)
 * @param headHash hex hash of the last link, when valid and not empty
 * @param brokenAt seq of the first link that does not check out, when invalid
 * @param reason   why that link fails: {@code prev-hash-mismatch}, {@code hash-mismatch}, {@code columns-mismatch}
 *                 or {@code unreadable-event}
 */
public record ChainVerification(boolean valid, long events, String headHash, Long brokenAt, String reason) {

    static ChainVerification intact(long events, byte[] head) {
        return new ChainVerification(true, events, events == 0 ? null : HashChain.hex(head), null, null);
    }

    static ChainVerification broken(long events, long seq, String reason) {
        return new ChainVerification(false, events, null, seq, reason);
    }
}
