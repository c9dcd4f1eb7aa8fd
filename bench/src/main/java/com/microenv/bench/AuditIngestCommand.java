package com.microenv.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.audit.event.AuditTypes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Audit ingest: produces {@code variable.read} events for one bench project to {@value AuditEvent#TOPIC} and
 * watches audit-service's store (table {@code audit_events} of microenv_audit, read-only) until all are there.
 *
 * <ul>
 *   <li>{@code --mode saturation}: a backlog of {@code --events} produced as fast as the producer goes; the figure
 *   is events stored per second, from the first store to the last (the consumer's pace, not the producer's).</li>
 *   <li>{@code --mode steady}: {@code --rate} events/s for {@code --duration} s; the figure is the emit → stored lag
 *   of every event (the event's {@code time}, set when it is produced, to the row's {@code received_at}).</li>
 * </ul>
 * The database password comes from the environment variable named by {@code --db-password-env}.
 */
@Command(name = "audit-ingest", mixinStandardHelpOptions = true,
        description = "Produce audit events to Kafka and watch audit-service store them; prints JSON.")
final class AuditIngestCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092")
    String bootstrap;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://127.0.0.1:5433/microenv_audit")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "microenv_audit")
    String dbUser;

    @Option(names = "--db-password-env", defaultValue = "MICROENV_AUDIT_DB_PASSWORD")
    String dbPasswordEnv;

    @Option(names = "--project", description = "Project id of the events (default: a fresh random one).")
    String project;

    @Option(names = "--mode", defaultValue = "saturation", description = "saturation | steady")
    String mode;

    @Option(names = "--events", defaultValue = "20000", description = "Backlog size (saturation).")
    int events;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (steady).")
    double rate;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds of steady production.")
    double duration;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the store to catch up.")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        String projectId = project != null ? project : UUID.randomUUID().toString();
        String password = System.getenv(dbPasswordEnv);
        if (password == null) {
            throw new IllegalArgumentException("environment variable " + dbPasswordEnv + " is not set");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        out.put("projectId", projectId);
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, password);
             KafkaProducer<String, String> producer = producer()) {
            switch (mode) {
                case "saturation" -> saturation(projectId, producer, db, out);
                case "steady" -> steady(projectId, producer, db, out);
                default -> throw new IllegalArgumentException("--mode must be saturation or steady");
            }
        }
        System.out.println(new ObjectMapper().writeValueAsString(out));
        return 0;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "microenv-bench");
        return new KafkaProducer<>(props);
    }

    static AuditEvent event(String projectId, long n) {
        AuditData data = new AuditData("key_bench", "bench", "key_bench", "api_key", projectId, "staging",
                "variable.read", AuditData.SUCCESS, "bench-" + n, "127.0.0.1", "microenv-bench",
                List.of("BENCH_VAR_01", "BENCH_VAR_02"), null);
        return AuditEvent.of("secrets-service", AuditTypes.VARIABLE_READ,
                "/projects/" + projectId + "/environments/staging/variables", data);
    }

    private void saturation(String projectId, KafkaProducer<String, String> producer, Connection db,
                            Map<String, Object> out) throws Exception {
        AtomicReference<Exception> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            send(producer, projectId, i, failed);
        }
        producer.flush();
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        check(failed);
        Store store = awaitStored(db, projectId, events);
        out.put("events", events);
        out.put("produceSeconds", round(produceSeconds));
        out.put("producedPerSecond", round(events / produceSeconds));
        out.put("stored", store.count);
        double storeSeconds = Duration.between(store.first, store.last).toNanos() / 1e9;
        out.put("storeSeconds", round(storeSeconds));
        out.put("storedPerSecond", storeSeconds > 0 ? round(store.count / storeSeconds) : null);
    }

    private void steady(String projectId, KafkaProducer<String, String> producer, Connection db,
                        Map<String, Object> out) throws Exception {
        AtomicReference<Exception> failed = new AtomicReference<>();
        long total = Math.round(rate * duration);
        long interval = Math.round(1e9 / rate);
        long t0 = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = t0 + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(producer, projectId, i, failed);
        }
        producer.flush();
        check(failed);
        Store store = awaitStored(db, projectId, total);
        out.put("events", total);
        out.put("rate", rate);
        out.put("stored", store.count);
        try (PreparedStatement q = db.prepareStatement("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),
                       max(lag)
                FROM (SELECT extract(epoch FROM (received_at - time)) * 1000 AS lag FROM audit_events WHERE project_id = ?) l
                """)) {
            q.setString(1, projectId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                out.put("lagP50Ms", round(rs.getDouble(1)));
                out.put("lagP99Ms", round(rs.getDouble(2)));
                out.put("lagMaxMs", round(rs.getDouble(3)));
            }
        }
    }

    private static void send(KafkaProducer<String, String> producer, String projectId, long n, AtomicReference<Exception> failed) {
        AuditEvent event = event(projectId, n);
        producer.send(new ProducerRecord<>(AuditEvent.TOPIC, event.partitionKey(), AuditEventCodec.toJson(event)),
                (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
    }

    private static void check(AtomicReference<Exception> failed) throws Exception {
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private record Store(long count, Instant first, Instant last) {
    }

    private Store awaitStored(Connection db, String projectId, long expected) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        AtomicLong lastCount = new AtomicLong(-1);
        while (true) {
            Store store = count(db, projectId);
            if (store.count >= expected || System.nanoTime() > deadline) {
                if (store.count < expected) {
                    System.err.println("bench-driver: only " + store.count + " of " + expected + " events stored after "
                            + timeoutSeconds + " s");
                }
                return store;
            }
            if (store.count != lastCount.getAndSet(store.count)) {
                System.err.println("bench-driver: stored " + store.count + "/" + expected);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    private static Store count(Connection db, String projectId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT count(*), min(received_at), max(received_at) FROM audit_events WHERE project_id = ?")) {
            q.setString(1, projectId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                var first = rs.getTimestamp(2);
                var last = rs.getTimestamp(3);
                return new Store(rs.getLong(1), first == null ? Instant.EPOCH : first.toInstant(),
                        last == null ? Instant.EPOCH : last.toInstant());
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
