package com.microenv.secrets.service;

import com.microenv.secrets.crypto.EnvelopeCipher;
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

/**
 * Crypto-shredding: destroys a deleted project's data key, its values and their history, in one transaction, then
 * has the KEK provider destroy the project's own key where it keeps one (the local keyring, a KMS key per project),
 * which is what makes a database backup taken before the deletion useless.
 */
@ApplicationScoped
public class ProjectShredder {

    private static final Logger LOG = Logger.getLogger(ProjectShredder.class);

    private final ProjectKeyRepository keys;
    private final OutboxRepository outbox;
    private final DataKeys dataKeys;
    private final EnvelopeCipher cipher;

    public ProjectShredder(ProjectKeyRepository keys, OutboxRepository outbox, DataKeys dataKeys, EnvelopeCipher cipher) {
        this.keys = keys;
        this.outbox = outbox;
        this.dataKeys = dataKeys;
        this.cipher = cipher;
    }

    /**
     * Idempotent: a repeated event (at-least-once delivery) finds nothing left to destroy; the provider's key is
     * destroyed on every attempt, so a failure after the database commit is repaired by the retry.
     */
    public Uni<Void> shred(UUID projectId, String eventId) {
        return Panache.withTransaction(() -> keys.shred(projectId, eventId, Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .flatMap(destroyed -> destroyed
                                ? outbox.append(AuditEvents.projectShredded(projectId, eventId)).replaceWith(true)
                                : Uni.createFrom().item(false)))
                .call(destroyed -> cipher.destroy(projectId))
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
