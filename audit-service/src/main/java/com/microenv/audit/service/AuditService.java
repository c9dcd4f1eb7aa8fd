package com.microenv.audit.service;

import com.microenv.audit.chain.ChainVerification;
import com.microenv.audit.chain.Checkpoint;
import com.microenv.audit.chain.ChainVerifier;
import com.microenv.audit.chain.StoredLink;
import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.persistence.AppendResult;
import com.microenv.audit.persistence.AuditEventRepository;
import com.microenv.audit.persistence.CheckpointRepository;
import com.microenv.audit.persistence.EventFilter;
import com.microenv.audit.persistence.StoredEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Records consumed events, pages through them and verifies a project's chain. */
@ApplicationScoped
public class AuditService {

    private final AuditEventRepository repository;
    private final CheckpointRepository checkpointRepository;
    private final CheckpointService checkpoints;
    private final AuditConfig config;

    public AuditService(AuditEventRepository repository, CheckpointRepository checkpointRepository,
                        CheckpointService checkpoints, AuditConfig config) {
        this.repository = repository;
        this.checkpointRepository = checkpointRepository;
        this.checkpoints = checkpoints;
        this.config = config;
    }

    /** Appends the event to its project's chain; an event id seen before is not stored again. */
    public Uni<AppendResult> record(AuditEvent event) {
        return repository.append(event);
    }

    /** Appends a batch in one transaction (see {@link AuditEventRepository#appendAll}); how many were new. */
    public Uni<Integer> recordAll(List<AuditEvent> events) {
        return repository.appendAll(events);
    }

    /**
     * A project's events with time in {@code [from, to)} (either bound may be null), oldest first, read from the
     * database a batch at a time as the client takes them: constant memory however many there are.
     */
    public Multi<String> export(String projectId, Instant from, Instant to) {
        int batch = config.export().batchSize();
        return Multi.createBy().repeating()
                .uni(() -> new long[]{0}, last -> repository.exportPage(projectId, from, to, last[0], batch)
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                last[0] = page.get(page.size() - 1).seq();
                            }
                        }))
                .whilst(page -> page.size() == batch)
                .onItem().transformToIterable(page -> page)
                .map(StoredEvent::event);
    }

    /** A page of events, newest first, with the cursor of the next page when there are more. */
    public Uni<EventPage> page(EventFilter filter, int limit) {
        return repository.find(filter, limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<StoredEvent> events = more ? found.subList(0, limit) : found;
            Long next = more ? events.get(events.size() - 1).seq() : null;
            return new EventPage(events, next);
        });
    }

    /**
     * Recomputes the project's chain from the stored rows and compares it with every checkpoint signed by a trusted
     * key: from the newest trusted retention checkpoint (rows before it were removed by retention) to the head.
     */
    public Uni<Verification> verify(String projectId) {
        return checkpointRepository.retentionAnchors(projectId, 100).chain(anchors -> {
            Checkpoint anchor = anchors.stream().filter(checkpoints::trusted).findFirst().orElse(null);
            ChainVerifier verifier = new ChainVerifier(projectId, anchor);
            long[] untrusted = {0};
            return verifyFrom(verifier, projectId, verifier.startAfterSeq(), untrusted)
                    .map(result -> new Verification(result, anchor, untrusted[0]));
        });
    }

    private Uni<ChainVerification> verifyFrom(ChainVerifier verifier, String projectId, long afterSeq, long[] untrusted) {
        int batch = config.verify().batchSize();
        return repository.links(projectId, afterSeq, batch).chain(links -> {
            boolean last = links.size() < batch;
            long upTo = last ? Long.MAX_VALUE : links.get(links.size() - 1).seq();
            return checkpointRepository.between(projectId, afterSeq, upTo, last ? 100_000 : batch * 10).map(found -> {
                List<Checkpoint> trusted = found.stream().filter(checkpoints::trusted).toList();
                untrusted[0] += found.size() - trusted.size();
                verifier.expect(trusted);
                for (StoredLink link : links) {
                    if (!verifier.accept(link)) {
                        return true;
                    }
                }
                return last;
            }).chain(done -> done ? Uni.createFrom().item(verifier.result())
                    : verifyFrom(verifier, projectId, links.get(links.size() - 1).seq(), untrusted));
        });
    }

    /**
     * A chain verification with what it was anchored to.
     *
     * @param result               the outcome
     * @param anchor               the retention checkpoint the remaining chain was verified from, if any
     * @param untrustedCheckpoints stored checkpoints ignored because no trusted key signed them
     */
    public record Verification(ChainVerification result, Checkpoint anchor, long untrustedCheckpoints) {
    }

    /**
     * One page of events.
     *
     * @param events     the events, newest first
     * @param nextCursor the seq to pass as {@code cursor} for the next page, or null on the last page
     */
    public record EventPage(List<StoredEvent> events, Long nextCursor) {
    }
}
