package com.microenv.audit.service;

import com.microenv.audit.chain.ChainVerification;
import com.microenv.audit.chain.ChainVerifier;
import com.microenv.audit.chain.StoredLink;
import com.microenv.audit.config.AuditConfig;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.persistence.AppendResult;
import com.microenv.audit.persistence.AuditEventRepository;
import com.microenv.audit.persistence.EventFilter;
import com.microenv.audit.persistence.StoredEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Records consumed events, pages through them and verifies a project's chain. */
@ApplicationScoped
public class AuditService {

    private final AuditEventRepository repository;
    private final AuditConfig config;

    public AuditService(AuditEventRepository repository, AuditConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Appends the event to its project's chain; an event id seen before is not stored again. */
    public Uni<AppendResult> record(AuditEvent event) {
        return repository.append(event);
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

    /** Recomputes the project's whole chain from the stored rows. */
    public Uni<ChainVerification> verify(String projectId) {
        return verifyFrom(new ChainVerifier(projectId), projectId, 0L);
    }

    private Uni<ChainVerification> verifyFrom(ChainVerifier verifier, String projectId, long afterSeq) {
        int batch = config.verify().batchSize();
        return repository.links(projectId, afterSeq, batch).chain(links -> {
            for (StoredLink link : links) {
                if (!verifier.accept(link)) {
                    return Uni.createFrom().item(verifier.result());
                }
            }
            if (links.size() < batch) {
                return Uni.createFrom().item(verifier.result());
            }
            return verifyFrom(verifier, projectId, links.get(links.size() - 1).seq());
        });
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
