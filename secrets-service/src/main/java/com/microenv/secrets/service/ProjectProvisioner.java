package com.microenv.secrets.service;

import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.WrappedKey;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.persistence.Environment;
import com.microenv.secrets.persistence.EnvironmentRepository;
import com.microenv.secrets.persistence.OutboxRepository;
import com.microenv.secrets.persistence.ProjectKey;
import com.microenv.secrets.persistence.ProjectKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Provisions a project on its first use: a data key and the default environments. Projects live in
 * auth-service; a valid token for a project is proof enough that it exists.
 */
@ApplicationScoped
public class ProjectProvisioner {

    /** The environments every project starts with. */
    public static final List<String> DEFAULT_ENVIRONMENTS = List.of("development", "staging", "production");

    private final ProjectKeyRepository keys;
    private final EnvironmentRepository environments;
    private final OutboxRepository outbox;
    private final EnvelopeCipher cipher;

    public ProjectProvisioner(ProjectKeyRepository keys, EnvironmentRepository environments, OutboxRepository outbox,
                              EnvelopeCipher cipher) {
        this.keys = keys;
        this.environments = environments;
        this.outbox = outbox;
        this.cipher = cipher;
    }

    /**
     * The project's wrapped data key, provisioning the project first when needed. Idempotent under concurrency:
     * the key insert is {@code ON CONFLICT DO NOTHING}, and only the transaction that inserted it creates the
     * environments, so racing first requests end with one key and one set of environments.
     */
    public Uni<ProjectKey> ensureProvisioned(Caller caller, UUID projectId) {
        return Panache.withTransaction(() -> keys.findById(projectId)
                .flatMap(existing -> existing != null ? Uni.createFrom().item(existing) : provision(caller, projectId)));
    }

    private Uni<ProjectKey> provision(Caller caller, UUID projectId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return keys.isShredded(projectId)
                .flatMap(shredded -> {
                    if (shredded) {
                        throw ServiceException.notFound("this project was deleted and its data destroyed");
                    }
                    return cipher.wrap(projectId, cipher.newDataKey());
                })
                .flatMap(wrapped -> keys.insertIfAbsent(projectId, wrapped, now))
                .flatMap(inserted -> inserted ? createDefaultEnvironments(caller, projectId, now) : Uni.createFrom().voidItem())
                .flatMap(ignored -> keys.findById(projectId));
    }

    private Uni<Void> createDefaultEnvironments(Caller caller, UUID projectId, Instant now) {
        return Multi.createFrom().iterable(DEFAULT_ENVIRONMENTS)
                .onItem().transformToUniAndConcatenate(name -> environments.persist(Environment.create(projectId, name, now))
                        .flatMap(ignored -> outbox.append(AuditEvents.environmentCreated(caller, projectId, name,
                                "default environment made on the project's first use"))))
                .collect().last()
                .replaceWithVoid();
    }
}
