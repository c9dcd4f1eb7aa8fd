package com.microenv.audit.persistence;

import com.microenv.audit.chain.Checkpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The insert-only tables {@code audit_checkpoints} and {@code audit_checkpoint_runs}, and the retention function. */
@ApplicationScoped
public class CheckpointRepository {

    /** Serialises checkpoint making per project across replicas (a different key space than the chain lock). */
    private static final String LOCK_PROJECT_CHECKPOINT = "SELECT pg_advisory_xact_lock(hashtextextended('checkpoint:' || $1, 0))";
    private static final String COLUMNS = "project_id, seq, events, head_hash, time, kind, key_id, algorithm, signature";

    private final Pool pool;

    public CheckpointRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * What a new checkpoint is to state; the signer turns it into a {@link Checkpoint}.
     */
    public record Draft(String projectId, long seq, long events, byte[] headHash, String kind) {
    }

    /**
     * Signs drafts, and says which stored checkpoints it trusts: only those count when the next checkpoint's event
     * count is worked out or when deciding that a head is already covered, so a row inserted into the table by
     * anyone who cannot sign neither suppresses checkpoints nor skews their counts.
     */
    public interface Signer {
        Checkpoint sign(Draft draft);

        boolean trusts(Checkpoint stored);
    }

    /** How many of a project's newest checkpoints are looked through for one its signer trusts. */
    private static final int TRUST_SEARCH = 50;

    /**
     * A project whose newest event is newer than its latest checkpoint.
     *
     * @param projectId the project
     * @param headSeq   seq of its newest event
     */
    public record Pending(String projectId, long headSeq) {
    }

    /** When the last checkpoint run finished, if any did. */
    public Uni<Optional<Instant>> lastRunFinishedAt() {
        return pool.query("SELECT max(finished_at) AS at FROM audit_checkpoint_runs").execute().map(rows -> {
            OffsetDateTime at = rows.iterator().next().getOffsetDateTime("at");
            return Optional.ofNullable(at).map(OffsetDateTime::toInstant);
        });
    }

    /**
     * Projects that received events since {@code since}. Whether their head is already covered is decided per project
     * under its lock, against trusted checkpoints only ({@link #checkpointHead}): a stored row alone never hides a project.
     */
    public Uni<List<Pending>> pending(Instant since, int limit) {
        String sql = """
                SELECT project_id, max(seq) AS head_seq FROM audit_events WHERE received_at > $1
                GROUP BY project_id ORDER BY project_id LIMIT $2""";
        return pool.preparedQuery(sql).execute(Tuple.of(since.atOffset(ZoneOffset.UTC), limit)).map(rows -> {
            List<Pending> pending = new ArrayList<>();
            rows.forEach(row -> pending.add(new Pending(row.getString("project_id"), row.getLong("head_seq"))));
            return pending;
        });
    }

    /** Checkpoints the project's current head unless a trusted checkpoint already covers it; empty when none was needed. */
    public Uni<Optional<Checkpoint>> checkpointHead(String projectId, Signer signer) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_PROJECT_CHECKPOINT).execute(Tuple.of(projectId))
                .chain(() -> conn.preparedQuery("SELECT seq, hash FROM audit_events WHERE project_id = $1 ORDER BY seq DESC LIMIT 1")
                        .execute(Tuple.of(projectId)))
                .chain(rows -> {
                    Iterator<Row> head = rows.iterator();
                    if (!head.hasNext()) {
                        return Uni.createFrom().item(Optional.<Checkpoint>empty());
                    }
                    Row row = head.next();
                    long seq = row.getLong("seq");
                    byte[] hash = row.getBuffer("hash").getBytes();
                    return latestTrusted(conn, projectId, Long.MAX_VALUE, signer).chain(latest -> {
                        if (latest.isPresent() && latest.get().seq() >= seq) {
                            return Uni.createFrom().item(Optional.<Checkpoint>empty());
                        }
                        return insertAt(conn, projectId, seq, hash, Checkpoint.PERIODIC, latest, signer).map(Optional::of);
                    });
                }));
    }

    /** Records that a checkpoint run finished. */
    public Uni<Void> recordRun(int checkpoints, Instant startedAt) {
        return pool.preparedQuery("INSERT INTO audit_checkpoint_runs (scanned_up_to, checkpoints, finished_at) "
                        + "VALUES (coalesce((SELECT max(seq) FROM audit_events), 0), $1, $2)")
                .execute(Tuple.of(checkpoints, startedAt.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** A project's checkpoints with seq in {@code (afterSeq, upToSeq]}, oldest first. */
    public Uni<List<Checkpoint>> between(String projectId, long afterSeq, long upToSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE project_id = $1 AND seq > $2 "
                        + "AND seq <= $3 ORDER BY seq, id LIMIT $4")
                .execute(Tuple.of(projectId, afterSeq, upToSeq, limit)).map(CheckpointRepository::toList);
    }

    /** A project's newest checkpoints first. */
    public Uni<List<Checkpoint>> newest(String projectId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE project_id = $1 ORDER BY seq DESC, id DESC LIMIT $2")
                .execute(Tuple.of(projectId, limit)).map(CheckpointRepository::toList);
    }

    /** A project's retention checkpoints, newest first: where its remaining chain starts. */
    public Uni<List<Checkpoint>> retentionAnchors(String projectId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE project_id = $1 AND kind = 'retention' "
                        + "ORDER BY seq DESC, id DESC LIMIT $2")
                .execute(Tuple.of(projectId, limit)).map(CheckpointRepository::toList);
    }

    /**
     * An expired prefix of one project's chain.
     *
     * @param projectId the project
     * @param upToSeq   seq of the newest event stored before the cutoff: it and every older event go
     * @param removed   how many events that is
     */
    public record Expired(String projectId, long upToSeq, long removed) {
    }

    /** Projects with events stored before {@code cutoff}. */
    public Uni<List<Expired>> expired(Instant cutoff, int limit) {
        return pool.preparedQuery("SELECT project_id, max(seq) AS up_to, count(*) AS removed FROM audit_events "
                        + "WHERE received_at < $1 GROUP BY project_id ORDER BY project_id LIMIT $2")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), limit)).map(rows -> {
                    List<Expired> expired = new ArrayList<>();
                    rows.forEach(row -> expired.add(new Expired(row.getString("project_id"), row.getLong("up_to"), row.getLong("removed"))));
                    return expired;
                });
    }

    /** The chain hash of one project's event at {@code seq}, if it is stored. */
    public Uni<Optional<byte[]>> hashAt(String projectId, long seq) {
        return pool.preparedQuery("SELECT hash FROM audit_events WHERE project_id = $1 AND seq = $2")
                .execute(Tuple.of(projectId, seq)).map(rows -> {
                    Iterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getBuffer("hash").getBytes()) : Optional.empty();
                });
    }

    /**
     * In one transaction: leaves a signed retention checkpoint at {@code upToSeq} and removes the project's events
     * up to it through {@code audit_apply_retention}, which refuses unless that checkpoint anchors the row.
     *
     * @return the checkpoint and how many rows were removed
     */
    public Uni<RetentionResult> applyRetention(String projectId, long upToSeq, Signer signer) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_PROJECT_CHECKPOINT).execute(Tuple.of(projectId))
                .chain(() -> conn.preparedQuery("SELECT hash FROM audit_events WHERE project_id = $1 AND seq = $2")
                        .execute(Tuple.of(projectId, upToSeq)))
                .chain(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().item(new RetentionResult(null, 0));
                    }
                    byte[] hash = it.next().getBuffer("hash").getBytes();
                    return latestTrusted(conn, projectId, upToSeq, signer)
                            .chain(latest -> insertAt(conn, projectId, upToSeq, hash, Checkpoint.RETENTION, latest, signer))
                            .chain(checkpoint -> conn.preparedQuery("SELECT audit_apply_retention($1, $2) AS removed")
                                    .execute(Tuple.of(projectId, upToSeq))
                                    .map(removed -> new RetentionResult(checkpoint, removed.iterator().next().getLong("removed"))));
                }));
    }

    /**
     * What the retention of one project did.
     *
     * @param checkpoint the retention checkpoint left behind (null when there was nothing to remove)
     * @param removed    rows removed
     */
    public record RetentionResult(Checkpoint checkpoint, long removed) {
    }

    /**
     * The newest checkpoint at or before {@code seq} that the signer trusts. Fails when the newest
     * {@value #TRUST_SEARCH} are all untrusted (a flood of forged rows): better no checkpoint than a miscounted one.
     */
    private static Uni<Optional<Checkpoint>> latestTrusted(SqlConnection conn, String projectId, long seq, Signer signer) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE project_id = $1 AND seq <= $2 "
                        + "ORDER BY seq DESC, id DESC LIMIT $3")
                .execute(Tuple.of(projectId, seq, TRUST_SEARCH)).map(rows -> {
                    List<Checkpoint> newest = toList(rows);
                    Optional<Checkpoint> trusted = newest.stream().filter(signer::trusts).findFirst();
                    if (trusted.isEmpty() && newest.size() == TRUST_SEARCH) {
                        throw new IllegalStateException("the newest " + TRUST_SEARCH + " checkpoints of project '"
                                + projectId + "' are not signed by a trusted key; not checkpointing it");
                    }
                    return trusted;
                });
    }

    private static Uni<Checkpoint> insertAt(SqlConnection conn, String projectId, long seq, byte[] hash, String kind,
                                            Optional<Checkpoint> previous, Signer signer) {
        long fromSeq = previous.map(Checkpoint::seq).orElse(0L);
        long before = previous.map(Checkpoint::events).orElse(0L);
        return conn.preparedQuery("SELECT count(*) AS n FROM audit_events WHERE project_id = $1 AND seq > $2 AND seq <= $3")
                .execute(Tuple.of(projectId, fromSeq, seq))
                .map(rows -> signer.sign(new Draft(projectId, seq, before + rows.iterator().next().getLong("n"), hash, kind)))
                .chain(checkpoint -> conn.preparedQuery("INSERT INTO audit_checkpoints (" + COLUMNS + ") "
                                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                        .execute(Tuple.tuple()
                                .addString(checkpoint.projectId())
                                .addLong(checkpoint.seq())
                                .addLong(checkpoint.events())
                                .addValue(Buffer.buffer(checkpoint.headHash()))
                                .addString(checkpoint.time())
                                .addString(checkpoint.kind())
                                .addString(checkpoint.keyId())
                                .addString(checkpoint.algorithm())
                                .addValue(Buffer.buffer(checkpoint.signature())))
                        .replaceWith(checkpoint));
    }

    private static List<Checkpoint> toList(RowSet<Row> rows) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        rows.forEach(row -> checkpoints.add(new Checkpoint(row.getString("project_id"), row.getLong("seq"), row.getLong("events"),
                row.getBuffer("head_hash").getBytes(), row.getString("time"), row.getString("kind"), row.getString("key_id"),
                row.getString("algorithm"), row.getBuffer("signature").getBytes())));
        return checkpoints;
    }
}
