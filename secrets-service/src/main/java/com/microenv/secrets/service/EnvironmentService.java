package com.microenv.secrets.service;

import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.SealedValue;
import com.microenv.secrets.crypto.VariableRef;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.persistence.Environment;
import com.microenv.secrets.persistence.EnvironmentRepository;
import com.microenv.secrets.persistence.OutboxRepository;
import com.microenv.secrets.persistence.SealedValueRow;
import com.microenv.secrets.persistence.Variable;
import com.microenv.secrets.persistence.VariableRepository;
import com.microenv.secrets.persistence.VariableVersion;
import com.microenv.secrets.persistence.VariableVersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.SecretKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project's environments: list, create, rename, protect, delete. Renaming re-seals every value and version of the
 * environment, because the environment's name is part of each ciphertext's associated data.
 */
@ApplicationScoped
public class EnvironmentService {

    private final DataKeys dataKeys;
    private final EnvelopeCipher cipher;
    private final EnvironmentRepository environments;
    private final VariableRepository variables;
    private final VariableVersionRepository versions;
    private final OutboxRepository outbox;

    public EnvironmentService(DataKeys dataKeys, EnvelopeCipher cipher, EnvironmentRepository environments,
                              VariableRepository variables, VariableVersionRepository versions, OutboxRepository outbox) {
        this.dataKeys = dataKeys;
        this.cipher = cipher;
        this.environments = environments;
        this.variables = variables;
        this.versions = versions;
        this.outbox = outbox;
    }

    /** The project's environments that the caller's token grants, by name. */
    public Uni<List<Environment>> list(Caller caller, UUID projectId) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(ignored -> Panache.withSession(() -> environments.listByProject(projectId)))
                .map(all -> all.stream().filter(environment -> caller.mayUse(environment.name)).toList());
    }

    public Uni<Environment> create(Caller caller, UUID projectId, String name, boolean isProtected) {
        Names.requireEnvironmentName(name);
        return dataKeys.forProject(caller, projectId)
                .flatMap(ignored -> Panache.withTransaction(() -> environments.insertIfAbsent(projectId, name,
                                isProtected, now())
                        .flatMap(inserted -> {
                            if (!inserted) {
                                throw ServiceException.conflict("environment " + name + " already exists");
                            }
                            return outbox.append(AuditEvents.environmentCreated(caller, projectId, name, "created"))
                                    .flatMap(event -> environments.findByName(projectId, name));
                        })));
    }

    /**
     * Renames and/or (un)protects an environment.
     *
     * @param newName      the new name, or null to keep it
     * @param isProtected  the new protection, or null to keep it
     */
    public Uni<Environment> update(Caller caller, UUID projectId, String name, String newName, Boolean isProtected) {
        if (newName != null) {
            Names.requireEnvironmentName(newName);
        }
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withTransaction(() -> environments.findForUpdate(projectId, name)
                        .flatMap(env -> {
                            if (env == null) {
                                throw ServiceException.notFound("no environment " + name + " in this project");
                            }
                            Map<String, String> details = new HashMap<>();
                            if (isProtected != null && isProtected != env.isProtected) {
                                env.isProtected = isProtected;
                                details.put("protected", isProtected.toString());
                            }
                            if (newName == null || newName.equals(name)) {
                                if (details.isEmpty()) {
                                    return Uni.createFrom().item(env);
                                }
                                return outbox.append(AuditEvents.environmentUpdated(caller, projectId, name, details))
                                        .replaceWith(env);
                            }
                            details.put("renamedFrom", name);
                            details.put("renamedTo", newName);
                            return rename(key, projectId, env, newName)
                                    .flatMap(renamed -> outbox.append(AuditEvents.environmentUpdated(caller, projectId,
                                            newName, details)).replaceWith(renamed));
                        })));
    }

    /**
     * Deletes an environment with every variable and version in it. API keys scoped to it by name are not revoked
     * (they live in auth-service): they grant nothing while no environment has that name (docs/variables.md).
     */
    public Uni<Void> delete(Caller caller, UUID projectId, String name) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(ignored -> Panache.withTransaction(() -> environments.findForUpdate(projectId, name)
                        .flatMap(env -> {
                            if (env == null) {
                                throw ServiceException.notFound("no environment " + name + " in this project");
                            }
                            return variables.listByEnvironment(projectId, name)
                                    .flatMap(rows -> environments.delete(env)
                                            .flatMap(deleted -> outbox.append(AuditEvents.environmentDeleted(caller,
                                                    projectId, name, rows.stream().map(row -> row.name).toList()))));
                        })
                        .replaceWithVoid()));
    }

    private Uni<Environment> rename(SecretKey key, UUID projectId, Environment env, String newName) {
        return environments.findByName(projectId, newName).flatMap(clash -> {
            if (clash != null) {
                throw ServiceException.conflict("environment " + newName + " already exists");
            }
            Environment renamed = Environment.create(projectId, newName, env.createdAt);
            renamed.isProtected = env.isProtected;
            return environments.persistAndFlush(renamed)
                    .flatMap(ignored -> variables.listByEnvironment(projectId, env.name))
                    .flatMap(rows -> {
                        for (Variable row : rows) {
                            reseal(key, row, newName);
                        }
                        return versions.listByEnvironment(projectId, env.name);
                    })
                    .flatMap(history -> {
                        for (VariableVersion row : history) {
                            reseal(key, row, newName);
                        }
                        return environments.flush();
                    })
                    .flatMap(ignored -> environments.delete(env))
                    .flatMap(ignored -> environments.flush())
                    .replaceWith(renamed);
        });
    }

    /** Re-seals a value under its new coordinates (the name of its environment is in the associated data). */
    private void reseal(SecretKey key, SealedValueRow row, String newEnvironment) {
        String value = cipher.open(key, new VariableRef(row.projectId, row.environment, row.name, row.version),
                new SealedValue(row.nonce, row.ciphertext));
        SealedValue sealed = cipher.seal(key, new VariableRef(row.projectId, newEnvironment, row.name, row.version),
                value);
        row.environment = newEnvironment;
        row.nonce = sealed.nonce();
        row.ciphertext = sealed.ciphertext();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
