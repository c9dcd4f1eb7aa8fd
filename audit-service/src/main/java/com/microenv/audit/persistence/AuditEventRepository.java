package com.microenv.audit.persistence;

import com.microenv.audit.chain.EventColumns;
import com.microenv.audit.chain.HashChain;
import com.microenv.audit.chain.StoredLink;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The append-only, hash-chained table {@code audit_events}. SQL rather than an ORM: the store needs an advisory
 * lock, {@code ON CONFLICT DO NOTHING} and byte-exact event text, and never updates a row.
 */
@ApplicationScoped
public class AuditEventRepository {

    /**
     * Serialises appends per project across transactions, consumers and replicas, so two appends never read the
     * same head and fork the chain. Released at commit or rollback.
     */
    private static final String LOCK_PROJECT_CHAIN = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

    private static final String CHAIN_HEAD =
            "SELECT hash FROM audit_events WHERE project_id = $1 ORDER BY seq DESC LIMIT 1";

    private static final String INSERT = """
            INSERT INTO audit_events
                (project_id, event_id, type, time, actor, environment, action, outcome, event, prev_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING seq""";

    private static final String LINKS = """
            SELECT seq, project_id, event_id, type, time, actor, environment, action, outcome, event, prev_hash, hash
            FROM audit_events WHERE project_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

    private static final String LOCK_PROJECT_CHAINS = """
            SELECT pg_advisory_xact_lock(hashtextextended(p, 0))
            FROM (SELECT p FROM unnest($1::text[]) AS p ORDER BY p) AS sorted""";

    private static final String ALREADY_STORED = "SELECT event_id FROM audit_events WHERE event_id = ANY($1::text[])";

    private static final String CHAIN_HEADS = """
            SELECT p AS project_id,
                   (SELECT hash FROM audit_events WHERE project_id = p ORDER BY seq DESC LIMIT 1) AS hash
            FROM unnest($1::text[]) AS p""";

    /** No ON CONFLICT: after the check under the locks a conflict means something odd, which must not break a chain. */
    private static final String INSERT_LINKED = """
            INSERT INTO audit_events
                (project_id, event_id, type, time, actor, environment, action, outcome, event, prev_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";

    private final Pool pool;

    public AuditEventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the event at the end of its project's chain, unless an event with its id is already stored. */
    public Uni<AppendResult> append(AuditEvent event) {
        String canonical = AuditEventCodec.toJson(event);
        EventColumns columns = EventColumns.of(event);
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_PROJECT_CHAIN).execute(Tuple.of(columns.projectId()))
                .chain(() -> chainHead(conn, columns.projectId()))
                .chain(prev -> conn.preparedQuery(INSERT).execute(insertParams(columns, canonical, prev)))
                .map(rows -> {
                    Iterator<Row> inserted = rows.iterator();
                    return inserted.hasNext() ? AppendResult.storedAt(inserted.next().getLong("seq")) : AppendResult.duplicate();
                }));
    }

    /**
     * Stores a batch in one transaction: each event at the end of its project's chain, in the order given, except
     * those whose id is already stored (or repeated within the batch). Locks every project of the batch (in a
     * fixed order, so two batches never deadlock), reads the heads, links the new events in memory and inserts
     * them in one pipelined round trip.
     *
     * @return how many events were new and stored
     */
    public Uni<Integer> appendAll(List<AuditEvent> events) {
        Map<String, AuditEvent> unique = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            unique.putIfAbsent(event.id(), event);
        }
        if (unique.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] ids = unique.keySet().toArray(String[]::new);
        String[] projects = unique.values().stream().map(e -> EventColumns.of(e).projectId()).distinct().sorted()
                .toArray(String[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_PROJECT_CHAINS).execute(Tuple.of(projects))
                .chain(() -> conn.preparedQuery(ALREADY_STORED).execute(Tuple.of(ids)))
                .chain(stored -> {
                    Set<String> known = new HashSet<>();
                    stored.forEach(row -> known.add(row.getString("event_id")));
                    return conn.preparedQuery(CHAIN_HEADS).execute(Tuple.of(projects)).chain(heads -> {
                        Map<String, byte[]> head = new HashMap<>();
                        heads.forEach(row -> {
                            var hash = row.getBuffer("hash");
                            head.put(row.getString("project_id"), hash == null ? HashChain.genesis() : hash.getBytes());
                        });
                        List<Tuple> rows = new ArrayList<>();
                        for (AuditEvent event : unique.values()) {
                            if (known.contains(event.id())) {
                                continue;
                            }
                            String canonical = AuditEventCodec.toJson(event);
                            EventColumns columns = EventColumns.of(event);
                            byte[] prev = head.get(columns.projectId());
                            byte[] hash = HashChain.link(prev, canonical);
                            rows.add(insertParams(columns, canonical, prev, hash));
                            head.put(columns.projectId(), hash);
                        }
                        if (rows.isEmpty()) {
                            return Uni.createFrom().item(0);
                        }
                        return conn.preparedQuery(INSERT_LINKED).executeBatch(rows).replaceWith(rows.size());
                    });
                }));
    }

    /** One page of a project's events, newest first. */
    public Uni<List<StoredEvent>> find(EventFilter filter, int limit) {
        List<String> where = new ArrayList<>();
        Tuple params = Tuple.tuple();
        condition(where, params, "project_id = $", filter.projectId());
        condition(where, params, "seq < $", filter.beforeSeq());
        condition(where, params, "time >= $", utc(filter.from()));
        condition(where, params, "time < $", utc(filter.to()));
        condition(where, params, "actor = $", filter.actor());
        condition(where, params, "action = $", filter.action());
        condition(where, params, "environment = $", filter.environment());
        condition(where, params, "type = $", filter.type());
        condition(where, params, "outcome = $", filter.outcome());
        // Not a column of its own (older rows would lack it): read from the event, within the project's rows.
        condition(where, params, "(event::jsonb #>> '{data,requestId}') = $", filter.requestId());
        params.addInteger(limit);
        String sql = "SELECT seq, event FROM audit_events WHERE " + String.join(" AND ", where)
                + " ORDER BY seq DESC LIMIT $" + params.size();
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> events.add(new StoredEvent(row.getLong("seq"), row.getString("event"))));
            return events;
        });
    }

    /** Up to {@code limit} of a project's events with time in {@code [from, to)} after {@code afterSeq}, oldest first. */
    public Uni<List<StoredEvent>> exportPage(String projectId, Instant from, Instant to, long afterSeq, int limit) {
        List<String> where = new ArrayList<>();
        Tuple params = Tuple.tuple();
        condition(where, params, "project_id = $", projectId);
        condition(where, params, "seq > $", afterSeq);
        condition(where, params, "time >= $", utc(from));
        condition(where, params, "time < $", utc(to));
        params.addInteger(limit);
        String sql = "SELECT seq, event FROM audit_events WHERE " + String.join(" AND ", where)
                + " ORDER BY seq LIMIT $" + params.size();
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> events.add(new StoredEvent(row.getLong("seq"), row.getString("event"))));
            return events;
        });
    }

    /** Up to {@code limit} links of a project's chain after {@code afterSeq}, in chain order. */
    public Uni<List<StoredLink>> links(String projectId, long afterSeq, int limit) {
        return pool.preparedQuery(LINKS).execute(Tuple.of(projectId, afterSeq, limit)).map(rows -> {
            List<StoredLink> links = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> links.add(toLink(row)));
            return links;
        });
    }

    private static Uni<byte[]> chainHead(SqlConnection conn, String projectId) {
        return conn.preparedQuery(CHAIN_HEAD).execute(Tuple.of(projectId)).map(rows -> {
            Iterator<Row> head = rows.iterator();
            return head.hasNext() ? head.next().getBuffer("hash").getBytes() : HashChain.genesis();
        });
    }

    private static Tuple insertParams(EventColumns columns, String canonical, byte[] prev) {
        return insertParams(columns, canonical, prev, HashChain.link(prev, canonical));
    }

    private static Tuple insertParams(EventColumns columns, String canonical, byte[] prev, byte[] hash) {
        return Tuple.tuple()
                .addString(columns.projectId())
                .addString(columns.eventId())
                .addString(columns.type())
                .addOffsetDateTime(utc(columns.time()))
                .addString(columns.actor())
                .addString(columns.environment())
                .addString(columns.action())
                .addString(columns.outcome())
                .addString(canonical)
                .addValue(Buffer.buffer(prev))
                .addValue(Buffer.buffer(hash));
    }

    private static StoredLink toLink(Row row) {
        EventColumns columns = new EventColumns(
                row.getString("project_id"),
                row.getString("event_id"),
                row.getString("type"),
                row.getOffsetDateTime("time").toInstant(),
                row.getString("actor"),
                row.getString("environment"),
                row.getString("action"),
                row.getString("outcome"));
        return new StoredLink(row.getLong("seq"), columns, row.getString("event"),
                row.getBuffer("prev_hash").getBytes(), row.getBuffer("hash").getBytes());
    }

    private static void condition(List<String> where, Tuple params, String clause, Object value) {
        if (value != null) {
            params.addValue(value);
            where.add(clause + params.size());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
