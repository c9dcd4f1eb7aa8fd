package com.microenv.auth.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The {@code signing_keys} table. Plain SQL on the reactive pool rather than Hibernate: it runs at start
 * (outside any request) and needs a PostgreSQL advisory lock.
 */
@ApplicationScoped
public class SigningKeyRepository {

    /** Serialises "create the first signing key" across replicas; any constant unique to this purpose. */
    private static final long FIRST_KEY_LOCK = 0x6d656e765f6b6579L; // "menv_key"

    /** A stored key; the private half is sealed under the KEK. */
    public record StoredSigningKey(String kid, byte[] sealedPrivateKey, byte[] publicKey, Instant createdAt,
                                   boolean active) {
    }

    private final Pool pool;

    public SigningKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** True when some replica has already stored an active key. */
    public Uni<Boolean> hasActiveKey() {
        return pool.query("select exists (select 1 from signing_keys where active) as present").execute()
                .map(rows -> rows.iterator().next().getBoolean("present"));
    }

    /**
     * Stores {@code candidate} as the active key unless one exists. Two replicas starting together both
     * reach here; the advisory lock makes the second wait and then find the first one's key (the partial
     * unique index {@code signing_keys_one_active} backs this up).
     */
    public Uni<Void> insertIfNoActiveKey(Supplier<StoredSigningKey> candidate) {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(FIRST_KEY_LOCK))
                .chain(() -> conn.query("select exists (select 1 from signing_keys where active) as present").execute())
                .chain(rows -> {
                    if (rows.iterator().next().getBoolean("present")) {
                        return Uni.createFrom().voidItem();
                    }
                    StoredSigningKey key = candidate.get();
                    return conn.preparedQuery("insert into signing_keys (kid, private_key_sealed, public_key, created_at, active)"
                                    + " values ($1, $2, $3, $4, true)")
                            .execute(Tuple.of(key.kid(), Buffer.buffer(key.sealedPrivateKey()),
                                    Buffer.buffer(key.publicKey()), OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC)))
                            .replaceWithVoid();
                }));
    }

    /**
     * Retires the active key and makes {@code next} the active one, in one transaction (under the same advisory
     * lock as the first key), together with {@code auditRow} (event id, topic, key, payload) for the outbox.
     * The kid of the retired key, or null when there was none.
     */
    public Uni<String> rotate(StoredSigningKey next, Object[] auditRow) {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(FIRST_KEY_LOCK))
                .chain(() -> conn.query("update signing_keys set active = false, retired_at = now() where active returning kid").execute())
                .chain(retired -> {
                    String previous = retired.size() == 0 ? null : retired.iterator().next().getString("kid");
                    return conn.preparedQuery("insert into signing_keys (kid, private_key_sealed, public_key, created_at, active)"
                                    + " values ($1, $2, $3, $4, true)")
                            .execute(Tuple.of(next.kid(), Buffer.buffer(next.sealedPrivateKey()),
                                    Buffer.buffer(next.publicKey()), OffsetDateTime.ofInstant(next.createdAt(), ZoneOffset.UTC)))
                            .chain(() -> conn.preparedQuery("insert into outbox (event_id, topic, record_key, payload, created_at)"
                                            + " values ($1, $2, $3, $4, now())")
                                    .execute(Tuple.tuple(java.util.Arrays.asList(auditRow))))
                            .replaceWith(previous);
                }));
    }

    /** The active key and the keys retired after {@code retiredSince}, newest first. */
    public Uni<List<StoredSigningKey>> findPublished(Instant retiredSince) {
        return pool.preparedQuery("select kid, private_key_sealed, public_key, created_at, active from signing_keys"
                        + " where active or retired_at > $1 order by created_at desc")
                .execute(Tuple.of(OffsetDateTime.ofInstant(retiredSince, ZoneOffset.UTC)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(SigningKeyRepository::toKey).toList());
    }

    private static StoredSigningKey toKey(Row row) {
        return new StoredSigningKey(
                row.getString("kid"),
                row.getBuffer("private_key_sealed").getBytes(),
                row.getBuffer("public_key").getBytes(),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getBoolean("active"));
    }
}
