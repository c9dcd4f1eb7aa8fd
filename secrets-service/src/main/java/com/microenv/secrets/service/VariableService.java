package com.microenv.secrets.service;

import com.microenv.audit.event.AuditEvent;
import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.SealedValue;
import com.microenv.secrets.crypto.VariableRef;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.events.AuditPublisher;
import com.microenv.secrets.persistence.Environment;
import com.microenv.secrets.persistence.EnvironmentRepository;
import com.microenv.secrets.persistence.OutboxRepository;
import com.microenv.secrets.persistence.Variable;
import com.microenv.secrets.persistence.VariableRepository;
import com.microenv.secrets.persistence.VariableVersion;
import com.microenv.secrets.persistence.VariableVersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.SecretKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Environments and variables of a project: values are sealed before they reach the database and opened only on
 * the way out, reads are audited before any value leaves, changes are audited through the outbox in the same
 * transaction.
 */
@ApplicationScoped
public class VariableService {

    private static final Logger LOG = Logger.getLogger(VariableService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataKeys dataKeys;
    private final EnvelopeCipher cipher;
    private final EnvironmentRepository environments;
    private final VariableRepository variables;
    private final VariableVersionRepository versions;
    private final OutboxRepository outbox;
    private final AuditPublisher publisher;
    private final SecretsConfig.Audit auditConfig;

    public VariableService(DataKeys dataKeys, EnvelopeCipher cipher, EnvironmentRepository environments,
                           VariableRepository variables, VariableVersionRepository versions, OutboxRepository outbox,
                           AuditPublisher publisher, SecretsConfig config) {
        this.dataKeys = dataKeys;
        this.cipher = cipher;
        this.environments = environments;
        this.variables = variables;
        this.versions = versions;
        this.outbox = outbox;
        this.publisher = publisher;
        this.auditConfig = config.audit();
    }

    /** The project's environments that the caller's token grants, by name. */
    public Uni<List<Environment>> listEnvironments(Caller caller, UUID projectId) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(ignored -> Panache.withSession(() -> environments.listByProject(projectId)))
                .map(all -> all.stream().filter(environment -> caller.mayUse(environment.name)).toList());
    }

    /**
     * Reads and decrypts every variable of an environment, renders them, has Kafka acknowledge the read's audit
     * event, and only then hands the rendering out. A rendering that fails releases nothing and audits nothing.
     */
    public <T> Uni<T> readAll(Caller caller, UUID projectId, String environment, Function<VariableSet, T> renderer) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withSession(() -> requireEnvironment(projectId, environment)
                                .flatMap(ignored -> variables.listByEnvironment(projectId, environment)))
                        .map(rows -> open(key, projectId, environment, rows)))
                .flatMap(set -> {
                    T rendered = renderer.apply(set);
                    AuditEvent event = AuditEvents.variablesRead(caller, projectId, environment,
                            List.copyOf(set.values().keySet()));
                    return auditRead(event).replaceWith(rendered);
                });
    }

    /** Reads one variable; like {@link #readAll}, the value leaves only after the read is audited. */
    public Uni<VariableValue> read(Caller caller, UUID projectId, String environment, String name) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withSession(() -> requireEnvironment(projectId, environment)
                                .flatMap(ignored -> variables.findByName(projectId, environment, name)))
                        .map(row -> {
                            if (row == null) {
                                throw ServiceException.notFound("no variable " + name + " in environment " + environment);
                            }
                            return new VariableValue(row.name, open(key, row), row.version, row.updatedAt);
                        }))
                .flatMap(value -> auditRead(AuditEvents.variableRead(caller, projectId, environment, name))
                        .replaceWith(value));
    }

    /**
     * Creates or updates a variable: seals the value for its next version, keeps the version in the history, and
     * records the audit event in the outbox, all in one transaction.
     */
    public Uni<WriteResult> write(Caller caller, UUID projectId, String environment, String name, String value,
                                  Precondition precondition) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withTransaction(() -> requireEnvironment(projectId, environment)
                        .flatMap(ignored -> variables.findByNameForUpdate(projectId, environment, name))
                        .flatMap(current -> {
                            precondition.check(current == null ? null : current.version);
                            Uni<Long> nextVersion = current != null
                                    ? Uni.createFrom().item(current.version + 1)
                                    : versions.highestVersion(projectId, environment, name).map(highest -> highest + 1);
                            return nextVersion.flatMap(version ->
                                    store(caller, key, projectId, environment, name, value, current, version));
                        })))
                .onFailure(VariableService::isUniqueViolation).transform(failure -> ServiceException.conflict(
                        "the variable was written concurrently by another request; retry"));
    }

    /** Deletes a variable's current value; its history stays, and a re-created variable continues its numbering. */
    public Uni<Void> delete(Caller caller, UUID projectId, String environment, String name, Precondition precondition) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(ignored -> Panache.withTransaction(() -> requireEnvironment(projectId, environment)
                        .flatMap(found -> variables.findByNameForUpdate(projectId, environment, name))
                        .flatMap(current -> {
                            if (current == null) {
                                throw ServiceException.notFound("no variable " + name + " in environment " + environment);
                            }
                            precondition.check(current.version);
                            return variables.delete(current)
                                    .flatMap(deleted -> outbox.append(AuditEvents.variableDeleted(caller, projectId,
                                            environment, name, current.version)))
                                    .replaceWithVoid();
                        })));
    }

    private Uni<WriteResult> store(Caller caller, SecretKey key, UUID projectId, String environment, String name,
                                   String value, Variable current, long version) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SealedValue sealed = cipher.seal(key, new VariableRef(projectId, environment, name, version), value);
        Variable row = current != null ? current : new Variable();
        if (current == null) {
            row.id = UUID.randomUUID();
            row.projectId = projectId;
            row.environment = environment;
            row.name = name;
        }
        row.version = version;
        row.ciphertext = sealed.ciphertext();
        row.nonce = sealed.nonce();
        row.updatedAt = now;
        row.updatedBy = caller.subject();
        Uni<Variable> saved = current != null ? Uni.createFrom().item(row) : variables.persist(row);
        return saved
                .flatMap(ignored -> versions.persist(VariableVersion.of(row)))
                .flatMap(ignored -> outbox.append(AuditEvents.variableWritten(caller, projectId, environment, name,
                        version, current == null)))
                .map(ignored -> new WriteResult(name, version, now, current == null));
    }

    private Uni<Void> requireEnvironment(UUID projectId, String environment) {
        return environments.exists(projectId, environment).map(exists -> {
            if (!exists) {
                throw ServiceException.notFound("no environment " + environment + " in this project");
            }
            return null;
        });
    }

    private VariableSet open(SecretKey key, UUID projectId, String environment, List<Variable> rows) {
        TreeMap<String, String> values = new TreeMap<>();
        for (Variable row : rows) {
            values.put(row.name, open(key, row));
        }
        return new VariableSet(projectId, environment, values);
    }

    private String open(SecretKey key, Variable row) {
        VariableRef ref = new VariableRef(row.projectId, row.environment, row.name, row.version);
        return cipher.open(key, ref, new SealedValue(row.nonce, row.ciphertext));
    }

    private Uni<Void> auditRead(AuditEvent event) {
        Uni<Void> acknowledged = publisher.publish(event, auditConfig.ackTimeout());
        if (auditConfig.failClosed()) {
            return acknowledged.onFailure().transform(failure -> {
                LOG.errorf("request %s: read refused because its audit event was not acknowledged: %s",
                        event.data().requestId(), failure.getMessage());
                return ServiceException.unavailable(
                        "the audit log is unavailable, so no values are released; try again shortly");
            });
        }
        return acknowledged.onFailure().recoverWithUni(failure -> {
            LOG.warnf("request %s: audit event %s not acknowledged, read allowed (fail-open): %s",
                    event.data().requestId(), event.id(), failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
