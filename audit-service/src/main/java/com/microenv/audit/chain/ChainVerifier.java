package com.microenv.audit.chain;

import com.microenv.audit.event.AuditEventCodec;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Walks one project's links in seq order and finds the first one that does not check out: a link whose
 * {@code prev_hash} is not the previous link's hash (a row missing, inserted or reordered before it), whose hash
 * is not {@code SHA-256(prev_hash || event)} (its event or hash edited), or whose filter columns disagree with
 * its event. Checkpoints (already checked to be signed by a trusted key) close what the chain alone cannot see:
 * a link at a checkpoint's seq whose hash or position differs (the chain was recomputed after a rewrite), and a
 * chain that ends before a checkpoint (its newest rows were cut off). Fed incrementally so a long chain and its
 * checkpoints can be read in batches.
 */
public final class ChainVerifier {

    private final String projectId;
    private final Checkpoint anchor;
    private final Deque<Checkpoint> pending = new ArrayDeque<>();
    private byte[] expectedPrev;
    private long checked;
    private long position;
    private long checkpointsChecked;
    private ChainVerification broken;

    public ChainVerifier(String projectId) {
        this(projectId, null);
    }

    /**
     * @param anchor the retention checkpoint the remaining chain starts after (its rows were removed), or null when
     *               the chain starts at its first event
     */
    public ChainVerifier(String projectId, Checkpoint anchor) {
        this.projectId = projectId;
        this.anchor = anchor;
        this.expectedPrev = anchor == null ? HashChain.genesis() : anchor.headHash().clone();
        this.position = anchor == null ? 0 : anchor.events();
    }

    /** Checks the whole list at once. */
    public static ChainVerification verify(String projectId, List<StoredLink> links) {
        return verify(projectId, null, List.of(), links);
    }

    /** Checks the whole list at once against trusted checkpoints (any order). */
    public static ChainVerification verify(String projectId, Checkpoint anchor, List<Checkpoint> checkpoints, List<StoredLink> links) {
        ChainVerifier verifier = new ChainVerifier(projectId, anchor);
        verifier.expect(checkpoints);
        for (StoredLink link : links) {
            if (!verifier.accept(link)) {
                break;
            }
        }
        return verifier.result();
    }

    /** Seq after which the links to feed start (the anchor's seq, or 0). */
    public long startAfterSeq() {
        return anchor == null ? 0 : anchor.seq();
    }

    /** Adds trusted checkpoints the chain must agree with; those at or before the anchor are ignored. */
    public void expect(Collection<Checkpoint> checkpoints) {
        checkpoints.stream()
                .filter(c -> c.seq() > startAfterSeq())
                .sorted((a, b) -> Long.compare(a.seq(), b.seq()))
                .forEach(c -> {
                    Checkpoint last = pending.peekLast();
                    if (last == null || last.seq() < c.seq() || !Arrays.equals(last.headHash(), c.headHash()) || last.events() != c.events()) {
                        pending.addLast(c);
                    }
                });
    }

    /** Checks the next link; {@code false} once the chain is broken (further links are ignored). */
    public boolean accept(StoredLink link) {
        if (broken != null) {
            return false;
        }
        checked++;
        position++;
        Checkpoint skipped = pending.peekFirst();
        if (skipped != null && skipped.seq() < link.seq()) {
            // The row the checkpoint names is gone, and the chain was relinked around it.
            broken = ChainVerification.broken(checked, link.seq(), ChainVerification.CHECKPOINT_MISMATCH, skipped, checkpointsChecked);
            return false;
        }
        String reason = check(link);
        if (reason != null) {
            broken = ChainVerification.broken(checked, link.seq(), reason, null, checkpointsChecked);
            return false;
        }
        while (!pending.isEmpty() && pending.peekFirst().seq() == link.seq()) {
            Checkpoint checkpoint = pending.pollFirst();
            checkpointsChecked++;
            if (!Arrays.equals(checkpoint.headHash(), link.hash()) || checkpoint.events() != position) {
                broken = ChainVerification.broken(checked, link.seq(), ChainVerification.CHECKPOINT_MISMATCH, checkpoint, checkpointsChecked);
                return false;
            }
        }
        expectedPrev = link.hash();
        return true;
    }

    /** The outcome so far; once every link was fed, a checkpoint past the last link means the chain was cut short. */
    public ChainVerification result() {
        if (broken != null) {
            return broken;
        }
        if (!pending.isEmpty()) {
            Checkpoint newest = pending.peekLast();
            return ChainVerification.broken(checked, newest.seq(), ChainVerification.TRUNCATED, newest, checkpointsChecked);
        }
        return ChainVerification.intact(checked, position, checked == 0 && anchor == null ? null : expectedPrev, checkpointsChecked);
    }

    private String check(StoredLink link) {
        if (!Arrays.equals(link.prevHash(), expectedPrev)) {
            return ChainVerification.PREV_HASH_MISMATCH;
        }
        if (!Arrays.equals(HashChain.link(expectedPrev, link.event()), link.hash())) {
            return ChainVerification.HASH_MISMATCH;
        }
        EventColumns fromEvent;
        try {
            fromEvent = EventColumns.of(AuditEventCodec.fromJson(link.event()));
        } catch (IllegalArgumentException e) {
            return ChainVerification.UNREADABLE_EVENT;
        }
        if (!fromEvent.equals(link.columns()) || !fromEvent.projectId().equals(projectId)) {
            return ChainVerification.COLUMNS_MISMATCH;
        }
        return null;
    }
}
