package com.microenv.audit.service;

import com.microenv.audit.chain.Checkpoint;
import com.microenv.audit.chain.EventColumns;
import com.microenv.audit.chain.HashChain;
import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditTypes;
import com.microenv.audit.events.AuditEventPublisher;
import com.microenv.audit.persistence.CheckpointRepository;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The retention job, the only way rows leave {@code audit_events}: for each project with events stored before
 * now − {@code microenv.audit.retention.period}, it first publishes a {@code com.microenv.audit.retention_applied.v1}
 * event (acknowledged by Kafka, so the removal is itself audited), then in one transaction leaves a signed
 * retention checkpoint at the newest expired row and removes that row and all older ones of the project. What
 * remains verifies from that checkpoint.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    private static final String SERVICE = "audit-service";
    private static final int PROJECTS_PER_RUN = 1000;

    private final CheckpointRepository repository;
    private final CheckpointService checkpoints;
    private final AuditEventPublisher events;
    private final AuditConfig config;

    public RetentionService(CheckpointRepository repository, CheckpointService checkpoints, AuditEventPublisher events,
                            AuditConfig config) {
        this.repository = repository;
        this.checkpoints = checkpoints;
        this.events = events;
        this.config = config;
    }

    /**
     * What retention did to one project.
     *
     * @param projectId  the project
     * @param removed    rows removed
     * @param checkpoint the retention checkpoint left behind
     */
    public record Applied(String projectId, long removed, Checkpoint checkpoint) {
    }

    @Scheduled(every = "${microenv.audit.retention.interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = RetentionOff.class)
    Uni<Void> scheduled() {
        Instant cutoff = Instant.now().minus(config.retention().period().orElseThrow());
        return run(cutoff, null).onFailure().recoverWithItem(e -> {
            LOG.warnf("Retention run failed (%s); the next run retries", e.getClass().getSimpleName());
            return null;
        }).replaceWithVoid();
    }

    /**
     * Removes every project's events stored before {@code cutoff} ({@code onlyProject} non-null: only that project's).
     */
    public Uni<List<Applied>> run(Instant cutoff, String onlyProject) {
        return repository.expired(cutoff, PROJECTS_PER_RUN)
                .map(all -> all.stream().filter(e -> onlyProject == null || onlyProject.equals(e.projectId())).toList())
                .chain(expired -> Multi.createFrom().iterable(expired)
                        .onItem().transformToUniAndConcatenate(e -> apply(e, cutoff))
                        .filter(Optional::isPresent).map(Optional::get)
                        .collect().asList());
    }

    private Uni<Optional<Applied>> apply(CheckpointRepository.Expired expired, Instant cutoff) {
        return repository.hashAt(expired.projectId(), expired.upToSeq()).chain(hash -> {
            if (hash.isEmpty()) {
                return Uni.createFrom().item(Optional.<Applied>empty());
            }
            AuditEvent event = retentionEvent(expired, cutoff, hash.get());
            return events.publish(event)
                    .chain(() -> repository.applyRetention(expired.projectId(), expired.upToSeq(), checkpoints.signer()))
                    .call(result -> result.checkpoint() == null ? Uni.createFrom().voidItem() : checkpoints.publish(result.checkpoint()))
                    .map(result -> {
                        LOG.infof("Retention removed %d audit events of project '%s' up to seq %d (stored before %s)",
                                result.removed(), expired.projectId(), expired.upToSeq(), cutoff);
                        return Optional.of(new Applied(expired.projectId(), result.removed(), result.checkpoint()));
                    });
        });
    }

    private static AuditEvent retentionEvent(CheckpointRepository.Expired expired, Instant cutoff, byte[] anchorHash) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("cutoff", cutoff.toString());
        details.put("removedEvents", Long.toString(expired.removed()));
        details.put("anchorSeq", Long.toString(expired.upToSeq()));
        details.put("anchorHeadHash", HashChain.hex(anchorHash));
        String project = EventColumns.NO_PROJECT.equals(expired.projectId()) ? null : expired.projectId();
        AuditData data = new AuditData(SERVICE, "audit-service retention job", null, "service", project, null,
                "audit.retention_applied", AuditData.SUCCESS, null, null, null, null, details);
        String subject = project == null ? "/audit-events" : "/projects/" + project + "/audit-events";
        return AuditEvent.of(SERVICE, AuditTypes.AUDIT_RETENTION_APPLIED, subject, data);
    }

    /** Skips the scheduled run when no retention period is configured. */
    @Singleton
    public static class RetentionOff implements Scheduled.SkipPredicate {
        private final AuditConfig config;

        public RetentionOff(AuditConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return config.retention().period().isEmpty();
        }
    }
}
