package com.microenv.audit.chain;

/**
 * The outcome of checking one project's chain.
 *
 * @param valid              whether every link and every trusted checkpoint checked out
 * @param events             how many stored links were checked (all of them when valid; up to and including the
 *                           broken one otherwise)
 * @param chainLength        position of the last link in the project's chain counted from its first event ever
 *                           (events removed by retention included), when valid
 * @param headHash           hex hash of the last link, when valid and not empty
 * @param brokenAt           seq of the first link that does not check out, or of the checkpoint the chain stops
 *                           short of, when invalid
 * @param reason             why: {@code prev-hash-mismatch}, {@code hash-mismatch}, {@code columns-mismatch},
 *                           {@code unreadable-event}, {@code checkpoint-mismatch} or {@code truncated}
 * @param checkpoint         the checkpoint the stored chain contradicts, for the last two reasons
 * @param checkpointsChecked how many trusted checkpoints the chain was compared with
 */
public record ChainVerification(boolean valid, long events, Long chainLength, String headHash, Long brokenAt, String reason,
                                Checkpoint checkpoint, long checkpointsChecked) {

    public static final String PREV_HASH_MISMATCH = "prev-hash-mismatch";
    public static final String HASH_MISMATCH = "hash-mismatch";
    public static final String COLUMNS_MISMATCH = "columns-mismatch";
    public static final String UNREADABLE_EVENT = "unreadable-event";
    public static final String CHECKPOINT_MISMATCH = "checkpoint-mismatch";
    public static final String TRUNCATED = "truncated";

    static ChainVerification intact(long events, long chainLength, byte[] head, long checkpointsChecked) {
        return new ChainVerification(true, events, chainLength, head == null ? null : HashChain.hex(head), null, null,
                null, checkpointsChecked);
    }

    static ChainVerification broken(long events, long seq, String reason, Checkpoint checkpoint, long checkpointsChecked) {
        return new ChainVerification(false, events, null, null, seq, reason, checkpoint, checkpointsChecked);
    }
}
