package com.microenv.secrets.service;

import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.persistence.OutboxRepository;
import com.microenv.secrets.persistence.ProjectKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Crypto-shredding: destroys a deleted project's data key, its values and their history, in one transaction. */
@ApplicationScoped
public class ProjectShredder {

    private static final Logger LOG = Logger.getLogger(ProjectShredder.class);

    private final ProjectKeyRepository keys;
    private final OutboxRepository outbox;
    private final DataKeys dataKeys;

    public ProjectShredder(ProjectKeyRepository keys, OutboxRepository outbox, DataKeys dataKeys) {
        this.keys = keys;
        this.outbox = outbox;
        this.dataKeys = dataKeys;
    }

    /** Idempotent: a repeated event (at-least-once delivery) finds nothing left to destroy. */
    public Uni<Void> shred(UUID projectId, String eventId) {
        return Panache.withTransaction(() -> keys.shred(projectId, eventId, Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .flatMap(destroyed -> destroyed
                                ? outbox.append(AuditEvents.projectShredded(projectId, eventId)).replaceWith(true)
                                : Uni.createFrom().item(false)))
                .invoke(destroyed -> {
                    dataKeys.forget(projectId);
                    if (destroyed) {
                        LOG.infof("project %s deleted (credential event %s): its data key and values were destroyed",
                                projectId, eventId);
                    }
                })
                .replaceWithVoid();
    }
}
