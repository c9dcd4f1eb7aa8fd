package com.microenv.audit.service;

import com.microenv.audit.chain.Checkpoint;
import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.crypto.CheckpointSigner;
import com.microenv.audit.events.CheckpointPublisher;
import com.microenv.audit.persistence.CheckpointRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Makes the periodic signed checkpoints: every interval, each project with events newer than its latest checkpoint
 * gets one (sequence, event count, head hash, time), stored and published to {@value CheckpointPublisher#TOPIC}.
 * Replicas may all run it: a per-project lock and a re-check under it mean a head is checkpointed once.
 */
@ApplicationScoped
public class CheckpointService {

    private static final Logger LOG = Logger.getLogger(CheckpointService.class);
    /** Looks back this much before the last run's end for rows whose transactions were still open then. */
    private static final Duration OVERLAP = Duration.ofMinutes(2);

    private final CheckpointRepository repository;
    private final CheckpointSigner signer;
    private final CheckpointPublisher publisher;
    private final AuditConfig config;

    public CheckpointService(CheckpointRepository repository, CheckpointSigner signer, CheckpointPublisher publisher,
                             AuditConfig config) {
        this.repository = repository;
        this.signer = signer;
        this.publisher = publisher;
        this.config = config;
    }

    @Scheduled(every = "${microenv.audit.checkpoint.interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = CheckpointsDisabled.class)
    Uni<Void> scheduled() {
        return run().onFailure().recoverWithItem(e -> {
            LOG.warnf("Checkpoint run failed (%s); the next run catches up", e.getClass().getSimpleName());
            return null;
        }).replaceWithVoid();
    }

    /** One run: checkpoints every project with new activity; the checkpoints made (also published). */
    public Uni<List<Checkpoint>> run() {
        Instant startedAt = Instant.now();
        return repository.lastRunFinishedAt()
                .map(last -> last.map(t -> t.minus(OVERLAP)).orElse(Instant.EPOCH))
                .chain(since -> repository.pending(since, config.checkpoint().maxProjectsPerRun()))
                .chain(pending -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(p -> checkpoint(p.projectId()).onFailure().recoverWithItem(e -> {
                            LOG.warnf("Checkpointing project '%s' failed (%s)", p.projectId(), e.getMessage());
                            return Optional.empty();
                        }))
                        .filter(Optional::isPresent).map(Optional::get)
                        .collect().asList())
                .call(made -> repository.recordRun(made.size(), startedAt));
    }

    /** Checkpoints one project's head now, unless a checkpoint already covers it. */
    public Uni<Optional<Checkpoint>> checkpoint(String projectId) {
        return repository.checkpointHead(projectId, signer())
                .call(made -> made.map(this::publish).orElse(Uni.createFrom().voidItem()));
    }

    /** Signs with the current key; trusts what a trusted key signed. */
    public CheckpointRepository.Signer signer() {
        return new CheckpointRepository.Signer() {
            @Override
            public Checkpoint sign(CheckpointRepository.Draft draft) {
                return CheckpointService.this.sign(draft);
            }

            @Override
            public boolean trusts(Checkpoint stored) {
                return trusted(stored);
            }
        };
    }

    /** Signs a draft with the current key. */
    public Checkpoint sign(CheckpointRepository.Draft draft) {
        String time = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String canonical = Checkpoint.canonical(draft.projectId(), draft.seq(), draft.events(), draft.headHash(), time,
                draft.kind(), signer.keyId());
        return new Checkpoint(draft.projectId(), draft.seq(), draft.events(), draft.headHash(), time, draft.kind(),
                signer.keyId(), CheckpointSigner.ALGORITHM, signer.sign(canonical));
    }

    /** Whether a stored checkpoint is signed by a trusted key. */
    public boolean trusted(Checkpoint checkpoint) {
        return signer.verify(checkpoint.keyId(), checkpoint.algorithm(), checkpoint.canonical(), checkpoint.signature());
    }

    /** Publishes a stored checkpoint; a broker failure is logged (the topic is a copy; the next checkpoint supersedes it). */
    public Uni<Void> publish(Checkpoint checkpoint) {
        return publisher.publish(checkpoint).onFailure().recoverWithItem(e -> {
            LOG.warnf("Publishing the checkpoint of project %s at seq %d failed (%s)", checkpoint.projectId(),
                    checkpoint.seq(), e.getClass().getSimpleName());
            return null;
        });
    }
}
