package com.microenv.secrets.service;

import com.microenv.audit.event.AuditEvent;
import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.CryptoException;
import com.microenv.secrets.crypto.SealedValue;
import com.microenv.secrets.crypto.VariableRef;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.events.ReadAudit;
import com.microenv.secrets.persistence.CurrentValues;
import com.microenv.secrets.persistence.Environment;
import com.microenv.secrets.persistence.EnvironmentRepository;
import com.microenv.secrets.persistence.OutboxRepository;
import com.microenv.secrets.persistence.StoredVariable;
import com.microenv.secrets.persistence.Variable;
import com.microenv.secrets.persistence.VariableRepository;
import com.microenv.secrets.persistence.VariableVersion;
import com.microenv.secrets.persistence.VariableVersionRepository;
import com.microenv.secrets.service.References.Ref;
import com.microenv.secrets.service.References.ReferenceException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.SecretKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Variables of a project's environments: values are sealed before they reach the database and opened only on the
 * way out, reads are audited (acknowledged by Kafka) before any value leaves, changes are audited through the
 * outbox in the same transaction. Every change of one name is serialised by a lock on the name, so concurrent
 * writers never collide and versions have no gaps.
 */
@ApplicationScoped
public class VariableService {

    public static final int MAX_NOTE_LENGTH = 1024;

    private final DataKeys dataKeys;
    private final EnvelopeCipher cipher;
    private final EnvironmentRepository environments;
    private final VariableRepository variables;
    private final VariableVersionRepository versions;
    private final OutboxRepository outbox;
    private final CurrentValues current;
    private final ReadAudit readAudit;
    private final AccessPolicy access;

    public VariableService(DataKeys dataKeys, EnvelopeCipher cipher, EnvironmentRepository environments,
                           VariableRepository variables, VariableVersionRepository versions, OutboxRepository outbox,
                           CurrentValues current, ReadAudit readAudit, AccessPolicy access) {
        this.dataKeys = dataKeys;
        this.cipher = cipher;
        this.environments = environments;
        this.variables = variables;
        this.versions = versions;
        this.outbox = outbox;
        this.current = current;
        this.readAudit = readAudit;
        this.access = access;
    }

    // ---- reads ---------------------------------------------------------------------------------------------------

    /**
     * Reads and decrypts every variable of an environment (one query), resolves references unless told not to,
     * renders them, has Kafka acknowledge the read's audit event, and only then hands the rendering out.
     */
    public <T> Uni<T> readAll(Caller caller, UUID projectId, String environment, boolean resolve,
                              Function<VariableSet, T> renderer) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> current.list(projectId, environment).flatMap(rows -> {
                    requireFound(rows, environment);
                    Map<String, String> raw = open(key, projectId, rows);
                    Set<Ref> used = new LinkedHashSet<>();
                    return resolveAll(caller, key, projectId, environment, raw, resolve, raw.keySet(), used)
                            .map(values -> {
                                VariableSet set = new VariableSet(projectId, environment, new TreeMap<>(values));
                                T rendered = renderer.apply(set);
                                AuditEvent event = AuditEvents.variablesRead(caller, projectId, environment,
                                        List.copyOf(set.values().keySet()), referenceDetails(used, resolve));
                                return new Object[]{rendered, event};
                            });
                }))
                .flatMap(pair -> {
                    @SuppressWarnings("unchecked") T rendered = (T) pair[0];
                    return readAudit.audit((AuditEvent) pair[1]).replaceWith(rendered);
                });
    }

    /** Names and metadata of an environment's variables: no value is decrypted, so this is not an audited read. */
    public Uni<List<VariableMetadata>> names(Caller caller, UUID projectId, String environment) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> current.list(projectId, environment))
                .map(rows -> {
                    requireFound(rows, environment);
                    return rows.stream()
                            .map(row -> new VariableMetadata(row.name(), row.version(), row.updatedAt(), row.updatedBy(),
                                    row.note()))
                            .toList();
                });
    }

    /** Reads one variable; like {@link #readAll}, the value leaves only after the read is audited. */
    public Uni<VariableValue> read(Caller caller, UUID projectId, String environment, String name, boolean resolve) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> current.list(projectId, environment).flatMap(rows -> {
                    requireFound(rows, environment);
                    StoredVariable row = rows.stream().filter(r -> r.name().equals(name)).findFirst()
                            .orElseThrow(() -> ServiceException.notFound("no variable " + name + " in environment "
                                    + environment));
                    String value = open(key, projectId, row);
                    Set<Ref> used = new LinkedHashSet<>();
                    Uni<Map<String, String>> resolved;
                    if (resolve && References.mayContain(value)) {
                        resolved = resolveAll(caller, key, projectId, environment, open(key, projectId, rows), true,
                                Set.of(name), used);
                    } else {
                        resolved = Uni.createFrom().item(Map.of(name, value));
                    }
                    return resolved.flatMap(values -> readAudit.audit(AuditEvents.variableRead(caller, projectId,
                                    environment, name, referenceDetails(used, resolve)))
                            .replaceWith(new VariableValue(name, values.get(name), row.version(), row.updatedAt(),
                                    row.note())));
                }));
    }

    /** A variable's history without values, newest first. */
    public Uni<List<VersionInfo>> history(Caller caller, UUID projectId, String environment, String name) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withSession(() -> environments.findByName(projectId, environment)
                        .flatMap(found -> {
                            if (found == null) {
                                throw ServiceException.notFound("no environment " + environment + " in this project");
                            }
                            return versions.listByName(projectId, environment, name)
                                    .flatMap(list -> variables.findByName(projectId, environment, name)
                                            .map(live -> toHistory(list, live)));
                        })))
                .map(list -> {
                    if (list.isEmpty()) {
                        throw ServiceException.notFound("no variable " + name + " in environment " + environment
                                + " has ever existed");
                    }
                    return list;
                });
    }

    /** The value of one old version, raw (its references are not resolved); audited like any read. */
    public Uni<VariableValue> readVersion(Caller caller, UUID projectId, String environment, String name, long version) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withSession(() -> versions.findVersion(projectId, environment, name, version))
                        .map(row -> {
                            if (row == null) {
                                throw ServiceException.notFound("variable " + name + " in environment " + environment
                                        + " has no version " + version);
                            }
                            return new VariableValue(name, open(key, row), row.version, row.createdAt, row.note);
                        }))
                .flatMap(value -> readAudit.audit(AuditEvents.variableRead(caller, projectId, environment, name,
                        Map.of("version", Long.toString(version)))).replaceWith(value));
    }

    // ---- writes --------------------------------------------------------------------------------------------------

    /**
     * Creates or updates a variable: seals the value for its next version, keeps the version in the history, and
     * records the audit event in the outbox, all in one transaction.
     *
     * @param note the new note, or null to keep the current one ("" clears it)
     */
    public Uni<WriteResult> write(Caller caller, UUID projectId, String environment, String name, String value,
                                  String note, Precondition precondition) {
        requireNote(note);
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> checkReferences(key, projectId, environment, Map.of(name, value), Set.of())
                        .flatMap(ignored -> Panache.withTransaction(() -> writable(caller, projectId, environment,
                                        AuditEvents.VARIABLE_WRITTEN, AuditEvents.variablePath(projectId, environment, name))
                                .flatMap(env -> apply(caller, key, projectId, environment,
                                        new VariableChange(name, value, note), precondition, null, null, false))
                                .flatMap(result -> outbox.append(AuditEvents.variableWritten(caller, projectId,
                                                environment, name, result.version(), result.created()
                                                        ? VariableVersion.CREATED : VariableVersion.UPDATED, null))
                                        .replaceWith(result)))));
    }

    /** Writes the value of an old version as a new version (its note too). */
    public Uni<WriteResult> rollback(Caller caller, UUID projectId, String environment, String name, long version,
                                     Precondition precondition) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> Panache.withTransaction(() -> writable(caller, projectId, environment,
                                AuditEvents.VARIABLE_WRITTEN, AuditEvents.variablePath(projectId, environment, name))
                        .flatMap(env -> versions.findVersion(projectId, environment, name, version))
                        .flatMap(old -> {
                            if (old == null) {
                                throw ServiceException.notFound("variable " + name + " in environment " + environment
                                        + " has no version " + version);
                            }
                            VariableChange change = new VariableChange(name, open(key, old), old.note == null ? "" : old.note);
                            return apply(caller, key, projectId, environment, change, precondition,
                                    VariableVersion.ROLLED_BACK, version, false);
                        })
                        .flatMap(result -> outbox.append(AuditEvents.variableWritten(caller, projectId, environment,
                                name, result.version(), VariableVersion.ROLLED_BACK, version)).replaceWith(result))));
    }

    /** Deletes a variable's current value; its history stays, and a re-created variable continues its numbering. */
    public Uni<Void> delete(Caller caller, UUID projectId, String environment, String name, Precondition precondition) {
        return dataKeys.forProject(caller, projectId)
                .flatMap(ignored -> Panache.withTransaction(() -> writable(caller, projectId, environment,
                                AuditEvents.VARIABLE_DELETED, AuditEvents.variablePath(projectId, environment, name))
                        .flatMap(env -> remove(caller, projectId, environment, name, precondition))
                        .flatMap(lastVersion -> outbox.append(AuditEvents.variableDeleted(caller, projectId,
                                environment, name, lastVersion)))
                        .replaceWithVoid()));
    }

    /**
     * Sets and deletes many variables in one transaction, all or nothing, with one audit event naming them.
     *
     * @param skipUnchanged whether a variable whose value and note are already those given keeps its version
     *                      (uploads); a bulk change writes every variable it names
     * @param via           {@code bulk} or {@code import}, for the audit event
     */
    public Uni<ChangeResult> change(Caller caller, UUID projectId, String environment, List<VariableChange> set,
                                    List<String> delete, boolean skipUnchanged, String via) {
        Set<String> setNames = new HashSet<>();
        for (VariableChange change : set) {
            Names.requireVariableName(change.name());
            Names.requireValue(change.value());
            requireNote(change.note());
            if (!setNames.add(change.name())) {
                throw ServiceException.validation(change.name() + " is set twice");
            }
        }
        for (String name : delete) {
            Names.requireVariableName(name);
            if (setNames.contains(name)) {
                throw ServiceException.validation(name + " is both set and deleted");
            }
        }
        if (set.isEmpty() && delete.isEmpty()) {
            throw ServiceException.validation("the change names no variable");
        }
        List<VariableChange> sortedSet = set.stream()
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        List<String> sortedDelete = new TreeSet<>(delete).stream().toList();
        Map<String, String> newValues = sortedSet.stream()
                .collect(Collectors.toMap(VariableChange::name, VariableChange::value));
        return dataKeys.forProject(caller, projectId)
                .flatMap(key -> checkReferences(key, projectId, environment, newValues, Set.copyOf(delete))
                        .flatMap(ignored -> Panache.withTransaction(() -> writable(caller, projectId, environment,
                                        AuditEvents.VARIABLES_CHANGED, AuditEvents.variablesPath(projectId, environment))
                                .flatMap(env -> Multi.createFrom().iterable(sortedSet)
                                        .onItem().transformToUniAndConcatenate(change -> apply(caller, key, projectId,
                                                environment, change, Precondition.NONE, null, null, skipUnchanged)
                                                .map(result -> result == null
                                                        ? new WriteResult(change.name(), -1, null, false) : result))
                                        .collect().asList())
                                .flatMap(written -> Multi.createFrom().iterable(sortedDelete)
                                        .onItem().transformToUniAndConcatenate(name -> remove(caller, projectId,
                                                environment, name, Precondition.NONE))
                                        .collect().asList()
                                        .map(ignored2 -> written))
                                .flatMap(results -> {
                                    List<WriteResult> changed = results.stream().filter(r -> r.version() > 0).toList();
                                    List<String> unchanged = results.stream().filter(r -> r.version() < 0)
                                            .map(WriteResult::name).toList();
                                    ChangeResult outcome = new ChangeResult(changed, sortedDelete, unchanged);
                                    if (changed.isEmpty() && sortedDelete.isEmpty()) {
                                        return Uni.createFrom().item(outcome);
                                    }
                                    List<String> names = new ArrayList<>();
                                    changed.forEach(r -> names.add(r.name()));
                                    names.addAll(sortedDelete);
                                    String writtenDetail = changed.stream().map(r -> r.name() + "=" + r.version())
                                            .collect(Collectors.joining(","));
                                    return outbox.append(AuditEvents.variablesChanged(caller, projectId, environment,
                                                    names, via, writtenDetail, String.join(",", sortedDelete)))
                                            .replaceWith(outcome);
                                }))));
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    /** The environment, share-locked for this transaction; refuses a protected one unless the caller is admin. */
    private Uni<Environment> writable(Caller caller, UUID projectId, String environment, String action,
                                      String subject) {
        return environments.findForWrite(projectId, environment).map(env -> {
            if (env == null) {
                throw ServiceException.notFound("no environment " + environment + " in this project");
            }
            if (env.isProtected) {
                access.authorizeProtected(caller, projectId, environment, action, subject);
            }
            return env;
        });
    }

    /**
     * Writes one variable inside the caller's transaction, under the name's lock.
     *
     * @return the new version, or null when {@code skipUnchanged} and nothing changed
     */
    private Uni<WriteResult> apply(Caller caller, SecretKey key, UUID projectId, String environment,
                                   VariableChange change, Precondition precondition, String forcedChange,
                                   Long restoredFrom, boolean skipUnchanged) {
        String name = change.name();
        return variables.lockName(projectId, environment, name)
                .flatMap(locked -> variables.findByName(projectId, environment, name))
                .flatMap(existing -> {
                    precondition.check(existing == null ? null : existing.version);
                    if (skipUnchanged && existing != null && open(key, existing).equals(change.value())
                            && (change.note() == null || change.note().equals(Objects.requireNonNullElse(existing.note, "")))) {
                        return Uni.createFrom().nullItem();
                    }
                    Uni<Long> nextVersion = existing != null
                            ? Uni.createFrom().item(existing.version + 1)
                            : versions.highestVersion(projectId, environment, name).map(highest -> highest + 1);
                    return nextVersion.flatMap(version -> store(caller, key, projectId, environment, change, existing,
                            version, forcedChange, restoredFrom));
                });
    }

    private Uni<WriteResult> store(Caller caller, SecretKey key, UUID projectId, String environment,
                                   VariableChange change, Variable existing, long version, String forcedChange,
                                   Long restoredFrom) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SealedValue sealed = cipher.seal(key, new VariableRef(projectId, environment, change.name(), version),
                change.value());
        Variable row = existing != null ? existing : new Variable();
        if (existing == null) {
            row.id = UUID.randomUUID();
            row.projectId = projectId;
            row.environment = environment;
            row.name = change.name();
        }
        row.version = version;
        row.ciphertext = sealed.ciphertext();
        row.nonce = sealed.nonce();
        row.updatedAt = now;
        row.updatedBy = caller.subject();
        if (change.note() != null) {
            row.note = change.note().isEmpty() ? null : change.note();
        }
        String kind = forcedChange != null ? forcedChange
                : existing == null ? VariableVersion.CREATED : VariableVersion.UPDATED;
        Uni<Variable> saved = existing != null ? Uni.createFrom().item(row) : variables.persist(row);
        return saved
                .flatMap(ignored -> versions.persist(VariableVersion.of(row, kind, caller.credentialId(),
                        caller.requestId(), restoredFrom)))
                .map(ignored -> new WriteResult(change.name(), version, now, existing == null));
    }

    /** Deletes the current row under the name's lock; answers the version it had. */
    private Uni<Long> remove(Caller caller, UUID projectId, String environment, String name, Precondition precondition) {
        return variables.lockName(projectId, environment, name)
                .flatMap(locked -> variables.findByName(projectId, environment, name))
                .flatMap(existing -> {
                    if (existing == null) {
                        throw ServiceException.notFound("no variable " + name + " in environment " + environment);
                    }
                    precondition.check(existing.version);
                    long lastVersion = existing.version;
                    return variables.delete(existing)
                            .flatMap(ignored -> versions.markDeleted(projectId, environment, name, lastVersion,
                                    Instant.now().truncatedTo(ChronoUnit.MICROS), caller.subject()))
                            .replaceWith(lastVersion);
                });
    }

    private List<VersionInfo> toHistory(List<VariableVersion> list, Variable live) {
        List<VersionInfo> history = new ArrayList<>(list.size());
        for (VariableVersion v : list) {
            history.add(new VersionInfo(v.version, v.change, v.createdAt, v.createdBy, v.credentialId, v.requestId,
                    v.note, v.restoredFrom, v.deletedAt, v.deletedBy, live != null && live.version == v.version));
        }
        return history;
    }

    /**
     * Resolves the references of the given names. Environments referenced are loaded (one query per level) only
     * when a value holds {@code ${}.
     */
    private Uni<Map<String, String>> resolveAll(Caller caller, SecretKey key, UUID projectId, String environment,
                                                Map<String, String> raw, boolean resolve, Set<String> wanted,
                                                Set<Ref> used) {
        if (!resolve || wanted.stream().map(raw::get).noneMatch(v -> v != null && References.mayContain(v))) {
            return Uni.createFrom().item(raw);
        }
        Map<String, Map<String, String>> all = new HashMap<>();
        all.put(environment, raw);
        return loadReferenced(key, projectId, all, 0).map(loaded -> {
            Map<String, String> resolved = new HashMap<>();
            for (String name : wanted) {
                try {
                    resolved.put(name, References.resolve(new Ref(environment, name), loaded, caller::mayUse, used));
                } catch (ReferenceException e) {
                    if (e.kind() == ReferenceException.Kind.FORBIDDEN) {
                        access.refuse(caller, projectId, environment, AuditEvents.VARIABLE_READ,
                                AuditEvents.variablesPath(projectId, environment), e.getMessage());
                    }
                    throw ServiceException.unrepresentable("cannot resolve the references of " + name + ": "
                            + e.getMessage() + "; read with ?resolve=false for the raw value");
                }
            }
            return resolved;
        });
    }

    /** Loads, level by level, every environment a loaded value references. */
    private Uni<Map<String, Map<String, String>>> loadReferenced(SecretKey key, UUID projectId,
                                                                 Map<String, Map<String, String>> loaded, int depth) {
        Set<String> missing = new TreeSet<>();
        for (Map<String, String> values : loaded.values()) {
            for (String value : values.values()) {
                if (References.mayContain(value)) {
                    for (Ref ref : References.parse("", value)) {
                        if (!ref.environment().isEmpty() && !loaded.containsKey(ref.environment())) {
                            missing.add(ref.environment());
                        }
                    }
                }
            }
        }
        if (missing.isEmpty() || depth > References.MAX_DEPTH) {
            return Uni.createFrom().item(loaded);
        }
        return current.list(projectId, missing).flatMap(rows -> {
            for (String environment : missing) {
                List<StoredVariable> list = rows.get(environment);
                loaded.put(environment, list == null ? Map.of() : open(key, projectId, list));
            }
            return loadReferenced(key, projectId, loaded, depth + 1);
        });
    }

    /** Refuses a write whose values would make a reference cycle (400 naming it) or a chain that is too deep. */
    private Uni<Void> checkReferences(SecretKey key, UUID projectId, String environment, Map<String, String> newValues,
                                      Set<String> deleted) {
        if (newValues.values().stream().noneMatch(References::mayContain)) {
            return Uni.createFrom().voidItem();
        }
        return current.list(projectId, environment).flatMap(rows -> {
            if (rows == null) {
                return Uni.createFrom().voidItem(); // the transaction answers 404
            }
            Map<String, String> values = new HashMap<>(open(key, projectId, rows));
            values.keySet().removeAll(deleted);
            values.putAll(newValues);
            Map<String, Map<String, String>> all = new HashMap<>();
            all.put(environment, values);
            return loadReferenced(key, projectId, all, 0).map(loaded -> {
                for (String name : new TreeSet<>(newValues.keySet())) {
                    String cycle;
                    try {
                        cycle = References.findCycle(new Ref(environment, name), loaded);
                    } catch (ReferenceException e) {
                        throw ServiceException.validation(e.getMessage());
                    }
                    if (cycle != null) {
                        throw ServiceException.validation("references form a cycle: " + cycle);
                    }
                }
                return null;
            });
        }).replaceWithVoid();
    }

    private static Map<String, String> referenceDetails(Set<Ref> used, boolean resolve) {
        if (!resolve) {
            return Map.of("resolve", "false");
        }
        if (used.isEmpty()) {
            return Map.of();
        }
        return Map.of("references", used.stream().map(Ref::toString).collect(Collectors.joining(",")));
    }

    private static void requireFound(List<StoredVariable> rows, String environment) {
        if (rows == null) {
            throw ServiceException.notFound("no environment " + environment + " in this project");
        }
    }

    private static void requireNote(String note) {
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw ServiceException.validation("notes are limited to " + MAX_NOTE_LENGTH + " characters");
        }
    }

    private Map<String, String> open(SecretKey key, UUID projectId, List<StoredVariable> rows) {
        Map<String, String> values = new HashMap<>(rows.size() * 2);
        for (StoredVariable row : rows) {
            values.put(row.name(), open(key, projectId, row));
        }
        return values;
    }

    private String open(SecretKey key, UUID projectId, StoredVariable row) {
        return open(key, new VariableRef(projectId, row.environment(), row.name(), row.version()),
                new SealedValue(row.nonce(), row.ciphertext()));
    }

    private String open(SecretKey key, com.microenv.secrets.persistence.SealedValueRow row) {
        return open(key, new VariableRef(row.projectId, row.environment, row.name, row.version),
                new SealedValue(row.nonce, row.ciphertext));
    }

    /**
     * Opens one stored value. A value that does not authenticate under its own row's coordinates (altered in the
     * database, or copied there from another row, environment or project) is an {@code integrity} failure that
     * names the row, so it is never mistaken for a bug or for another row's value.
     */
    private String open(SecretKey key, VariableRef ref, SealedValue sealed) {
        try {
            return cipher.open(key, ref, sealed);
        } catch (CryptoException e) {
            throw ServiceException.integrity("the stored value of " + ref.environment() + "." + ref.name()
                    + " (version " + ref.version() + ") failed its integrity check: it was altered or copied from"
                    + " another row; restore it from a backup or write it again");
        }
    }
}
