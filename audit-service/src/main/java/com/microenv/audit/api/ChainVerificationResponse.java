package com.microenv.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microenv.audit.chain.ChainVerification;
import com.microenv.audit.chain.Checkpoint;
import com.microenv.audit.service.AuditService;

import java.util.Map;

/**
 * The result of recomputing a project's hash chain and comparing it with the signed checkpoints.
 *
 * @param projectId            the project
 * @param valid                whether every stored event links correctly and every trusted checkpoint agrees
 * @param events               stored events checked (up to and including the first broken one)
 * @param chainLength          position of the newest event counted from the project's first event ever, when valid
 * @param headHash             hex SHA-256 of the newest link, when valid and not empty
 * @param brokenAt             seq of the first event that does not check out (or of the checkpoint the chain stops
 *                             short of, for {@code truncated}), when invalid
 * @param reason               {@code prev-hash-mismatch} (a row before it is missing, added or reordered),
 *                             {@code hash-mismatch} (its event or hash was edited), {@code columns-mismatch} (its
 *                             filter columns were edited), {@code unreadable-event}, {@code checkpoint-mismatch} (the
 *                             chain was rewritten and recomputed: it disagrees with a signed checkpoint) or
 *                             {@code truncated} (the newest rows were removed: the chain ends before a checkpoint)
 * @param checkpoint           the signed checkpoint the stored chain contradicts, for the last two reasons
 * @param checkpointsChecked   trusted checkpoints the chain was compared with
 * @param untrustedCheckpoints stored checkpoints ignored because no trusted key signed them
 * @param anchoredAt           the retention checkpoint the remaining chain was verified from, if rows were removed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerificationResponse(
        String projectId, boolean valid, long events, Long chainLength, String headHash, Long brokenAt, String reason,
        Map<String, Object> checkpoint, long checkpointsChecked, long untrustedCheckpoints, Map<String, Object> anchoredAt) {

    static ChainVerificationResponse of(String projectId, AuditService.Verification verification) {
        ChainVerification result = verification.result();
        return new ChainVerificationResponse(projectId, result.valid(), result.events(), result.chainLength(),
                result.headHash(), result.brokenAt(), result.reason(), json(result.checkpoint()),
                result.checkpointsChecked(), verification.untrustedCheckpoints(), json(verification.anchor()));
    }

    private static Map<String, Object> json(Checkpoint checkpoint) {
        return checkpoint == null ? null : checkpoint.toJson();
    }
}
