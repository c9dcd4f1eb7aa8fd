package com.microenv.auth.events;

import com.microenv.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes outbox rows to Kafka (table {@code outbox}: audit events to {@code microenv.audit.v1}; table
 * {@code credential_outbox}: credential events to {@code microenv.credentials.v1}; each row names its topic and
 * record key) and marks them sent once
 * Kafka has acknowledged them. Every replica runs it: {@code FOR UPDATE SKIP LOCKED} hands each row to
 * one replica only, and the row lock is held until the batch is acknowledged, so a crash before the
 * acknowledgement leaves the rows unsent for the next pass (at-least-once; consumers deduplicate by
 * event id). Rows are sent in id order within a batch; with several replicas relaying at once, two
 * batches may interleave.
 *
 * <p>It polls on a Vert.x timer rather than with {@code @Scheduled}, whose simple scheduler does not run
 * jobs more often than once a second; one pass at a time per replica.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final AuthConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean failing;
    private long timerId = -1;

    public OutboxRelay(Pool pool, @Channel("audit-out") MutinyEmitter<String> emitter, AuthConfig config, Vertx vertx) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.outbox().pollInterval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void tick() {
        if (running.compareAndSet(false, true)) {
            relay().subscribe().with(done -> running.set(false), failure -> running.set(false));
        }
    }

    Uni<Void> relay() {
        return relayBatch()
                .invoke(sent -> {
                    if (failing) {
                        failing = false;
                        LOG.info("Outbox relay recovered");
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    // Logged once per outage, not every 200 ms; the rows stay unsent and are retried.
                    if (!failing) {
                        failing = true;
                        LOG.warnf("Outbox relay cannot publish audit events yet (will retry): %s", e.getMessage());
                    }
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Publishes one batch of each outbox table (audit events, then credential events); the number of rows sent. */
    public Uni<Integer> relayBatch() {
        return relayBatch("outbox").chain(audit -> relayBatch("credential_outbox").map(credentials -> audit + credentials));
    }

    private Uni<Integer> relayBatch(String table) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("select id, topic, record_key, payload from " + table + " where sent_at is null"
                        + " order by id limit $1 for update skip locked")
                .execute(Tuple.of(config.outbox().batchSize()))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publishAndMark(conn, table, rows)));
    }

    private Uni<Integer> publishAndMark(SqlConnection conn, String table, RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            Message<String> message = Message.of(row.getString("payload"))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withTopic(row.getString("topic"))
                            .withKey(row.getString("record_key")).build());
            acks.add(emitter.sendMessage(message));
        }
        return Uni.join().all(acks).andFailFast()
                .ifNoItem().after(config.outbox().sendTimeout()).fail()
                .chain(() -> conn.preparedQuery("update " + table + " set sent_at = now() where id = any($1)")
                        .execute(Tuple.of(ids.toArray(Long[]::new))))
                .map(updated -> ids.size());
    }
}
