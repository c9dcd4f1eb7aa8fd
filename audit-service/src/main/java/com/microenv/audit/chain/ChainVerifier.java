package com.microenv.audit.chain;

import com.microenv.audit.event.AuditEventCodec;

import java.util.Arrays;
import java.util.List;

/**
 * Walks one project's links in seq order and finds the first one that does not check out: a link whose
 * {@code prev_hash} is not the previous link's hash (a row missing, inserted or reordered before it), whose hash
 * is not {@code SHA-256(prev_hash || event)} (its event or hash edited), or whose filter columns disagree with
 * its event. Fed incrementally so a long chain can be read in batches.
 */
public final class ChainVerifier {

    private final String projectId;
    private byte[] expectedPrev = HashChain.genesis();
    private long checked;
    private ChainVerification broken;

    public ChainVerifier(String projectId) {
        this.projectId = projectId;
    }

    /** Checks the whole list at once. */
    public static ChainVerification verify(String projectId, List<StoredLink> links) {
        ChainVerifier verifier = new ChainVerifier(projectId);
        for (StoredLink link : links) {
            if (!verifier.accept(link)) {
                break;
            }
        }
        return verifier.result();
    }

    /** Checks the next link; {@code false} once the chain is broken (further links are ignored). */
    public boolean accept(StoredLink link) {
        if (broken != null) {
            return false;
        }
        checked++;
        String reason = check(link);
        if (reason != null) {
            broken = ChainVerification.broken(checked, link.seq(), reason);
            return false;
        }
        expectedPrev = link.hash();
        return true;
    }

    public ChainVerification result() {
        return broken != null ? broken : ChainVerification.intact(checked, expectedPrev);
    }

    private String check(StoredLink link) {
        if (!Arrays.equals(link.prevHash(), expectedPrev)) {
            return "prev-hash-mismatch";
        }
        if (!Arrays.equals(HashChain.link(expectedPrev, link.event()), link.hash())) {
            return "hash-mismatch";
        }
        EventColumns fromEvent;
        try {
            fromEvent = EventColumns.of(AuditEventCodec.fromJson(link.event()));
        } catch (IllegalArgumentException e) {
            return "unreadable-event";
        }
        if (!fromEvent.equals(link.columns()) || !fromEvent.projectId().equals(projectId)) {
            return "columns-mismatch";
        }
        return null;
    }
}
