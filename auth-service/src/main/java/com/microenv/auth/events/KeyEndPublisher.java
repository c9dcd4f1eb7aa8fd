package com.microenv.auth.events;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.service.Audits;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keys stop by themselves when they expire or when their rotation grace period ends; nothing happens at that
 * moment in a request, so this job notices it: for each such key (once, across replicas thanks to
 * {@code FOR UPDATE SKIP LOCKED}) it writes a {@code credential.revoked} event (reason {@code expired} or
 * {@code rotated_out}) and an {@code apikey.expired} audit event to the outbox. The exchange refuses such keys
 * on its own; the event lets gateways drop cached exchanges at once. The same pass deletes device logins
 * that expired more than a day ago, remembered outside token ids ({@code jti}) past their expiry, and OIDC login
 * refusals older than {@code microenv.auth.oidc.refusals-retention}.
 */
@ApplicationScoped
public class KeyEndPublisher {

    private static final Logger LOG = Logger.getLogger(KeyEndPublisher.class);
    private static final int BATCH = 100;

    private final Pool pool;
    private final AuditOutbox outbox;
    private final AuthConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public KeyEndPublisher(Pool pool, AuditOutbox outbox, AuthConfig config, Vertx vertx) {
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.apiKeys().endScanInterval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void tick() {
        if (running.compareAndSet(false, true)) {
            publishBatch().call(this::forgetOldDeviceLogins).subscribe().with(done -> running.set(false), failure -> {
                running.set(false);
                LOG.warnf("Publishing ended API keys failed (will retry): %s", failure.getMessage());
            });
        }
    }

    /** Publishes the events of keys that ended since the last pass; how many keys. */
    public Uni<Integer> publishBatch() {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "select id, project_id, created_by, name, rotated_out_at, expires_at from api_keys"
                                + " where end_published_at is null and revoked_at is null"
                                + " and (rotated_out_at <= now() or expires_at <= now())"
                                + " order by id limit $1 for update skip locked")
                .execute(Tuple.of(BATCH))
                .chain(rows -> {
                    List<Uni<Void>> writes = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    Instant now = Instant.now();
                    for (Row row : rows) {
                        ids.add(row.getString("id"));
                        writes.add(publish(conn, row, now));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(writes).andFailFast()
                            .chain(() -> conn.preparedQuery("update api_keys set end_published_at = now() where id = any($1)")
                                    .execute(Tuple.of(ids.toArray(String[]::new))))
                            .replaceWith(ids.size());
                }));
    }

    /** Device logins are kept a day after they expire (for the audit trail's sake), then deleted. */
    Uni<Void> forgetOldDeviceLogins(Integer ignored) {
        return pool.query("delete from device_authorizations where expires_at < now() - interval '1 day'").execute()
                // Outside token ids past their token's expiry (a replay would be refused as expired anyway), and old refusals.
                .chain(() -> pool.query("delete from oidc_seen_jti where expires_at < now()").execute())
                .chain(() -> pool.preparedQuery("delete from oidc_refusals where at < $1")
                        .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(config.oidc().refusalsRetention()))))
                .replaceWithVoid();
    }

    private Uni<Void> publish(SqlConnection conn, Row row, Instant now) {
        String keyId = row.getString("id");
        String projectId = row.getUUID("project_id").toString();
        OffsetDateTime rotatedOut = row.getOffsetDateTime("rotated_out_at");
        boolean rotated = rotatedOut != null && !rotatedOut.toInstant().isAfter(now);
        String reason = rotated ? CredentialEvent.REASON_ROTATED_OUT : CredentialEvent.REASON_EXPIRED;
        CredentialEvent credential = CredentialEvent.revoked(List.of(keyId), projectId, row.getString("created_by"), reason);
        AuditEvent audit = AuditEvent.of(AuditOutbox.SERVICE, Audits.APIKEY_EXPIRED, "/projects/" + projectId + "/api-keys/" + keyId,
                new AuditData(keyId, row.getString("name"), keyId, "api_key", projectId, null, "apikey.expired",
                        AuditData.SUCCESS, null, null, null, null, Map.of("keyId", keyId, "reason", reason)));
        return insert(conn, "credential_outbox", UUID.fromString(credential.id()), CredentialEvent.TOPIC, credential.recordKey(),
                        outbox.toJson(credential))
                .chain(() -> insert(conn, "outbox", UUID.fromString(audit.id()), AuditEvent.TOPIC, audit.partitionKey(),
                        AuditEventCodec.toJson(audit)));
    }

    private static Uni<Void> insert(SqlConnection conn, String table, UUID eventId, String topic, String key, String payload) {
        return conn.preparedQuery("insert into " + table + " (event_id, topic, record_key, payload, created_at) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(eventId, topic, key, payload, OffsetDateTime.now(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
