package com.microenv.audit.service;

import com.microenv.audit.TestDatabase;
import com.microenv.audit.TestEvents;
import com.microenv.audit.TestTokens;
import com.microenv.audit.chain.Checkpoint;
import com.microenv.audit.chain.HashChain;
import com.microenv.audit.crypto.CheckpointSigner;
import com.microenv.audit.crypto.Ed25519Keys;
import com.microenv.audit.events.CheckpointPublisher;
import com.microenv.audit.persistence.AppendResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Signed checkpoints against the real database and broker: what the chain alone cannot catch, they do. */
@QuarkusTest
class CheckpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String project = UUID.randomUUID().toString();
    private final String token = TestTokens.forProject(project, "admin");

    @Inject
    AuditService audit;
    @Inject
    CheckpointService checkpoints;

    @Test
    void aCheckpointSignsTheHeadSoAnOutsiderCanVerifyItWithThePublicKey() {
        List<Long> seqs = append(3);

        Checkpoint checkpoint = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElseThrow();

        assertThat(checkpoint.seq()).isEqualTo(seqs.get(2));
        assertThat(checkpoint.events()).isEqualTo(3);
        JsonPath verify = verify();
        assertThat(verify.getString("headHash")).isEqualTo(HashChain.hex(checkpoint.headHash()));
        assertThat(verify.getInt("checkpointsChecked")).isEqualTo(1);

        JsonPath key = given().auth().oauth2(TestTokens.forProject(project, "read"))
                .when().get("/v1/projects/{p}/audit-chain/public-key", project)
                .then().statusCode(200).extract().jsonPath();
        assertThat(key.getString("algorithm")).isEqualTo("Ed25519");
        assertThat(key.getString("keyId")).isEqualTo(checkpoint.keyId());
        PublicKey publicKey = Ed25519Keys.publicKey(Base64.getDecoder().decode(key.getString("publicKey")));
        Map<String, Object> listed = given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-chain/checkpoints", project)
                .then().statusCode(200).extract().jsonPath().getMap("checkpoints[0]");
        assertThat(CheckpointSigner.verify(publicKey, canonicalOf(listed), Base64.getDecoder().decode((String) listed.get("signature"))))
                .isTrue();
        assertThat(CheckpointSigner.verify(publicKey, canonicalOf(listed).replace("events=3", "events=2"),
                Base64.getDecoder().decode((String) listed.get("signature")))).isFalse();
    }

    @Test
    void withoutNewEventsNoNewCheckpointIsMade() {
        append(2);
        assertThat(checkpoints.checkpoint(project).await().atMost(TIMEOUT)).isPresent();

        assertThat(checkpoints.checkpoint(project).await().atMost(TIMEOUT)).isEmpty();

        append(1);
        assertThat(checkpoints.checkpoint(project).await().atMost(TIMEOUT)).get()
                .satisfies(c -> assertThat(c.events()).isEqualTo(3));
    }

    @Test
    void thePeriodicRunCheckpointsEveryProjectWithNewEvents() {
        String other = UUID.randomUUID().toString();
        append(2);
        audit.record(TestEvents.variableRead(other, "key_o", "staging")).await().atMost(TIMEOUT);

        checkpoints.run().await().atMost(TIMEOUT);

        // Other tests' projects may be in the run too. Ours must now be covered: by this run, or by a scheduled run
        // that got there first (this JVM's, or another test JVM's signing with the same test key).
        for (String p : List.of(project, other)) {
            assertThat(checkpoints.checkpoint(p).await().atMost(TIMEOUT)).as("head of %s already covered", p).isEmpty();
            assertThat(given().auth().oauth2(TestTokens.forProject(p, "admin"))
                    .when().get("/v1/projects/{p}/audit-chain/verify", p)
                    .then().statusCode(200).extract().jsonPath().getInt("checkpointsChecked")).isPositive();
        }
        assertThat(checkpoints.run().await().atMost(TIMEOUT)).extracting(Checkpoint::projectId).doesNotContain(project, other);
    }

    @Test
    void cuttingOffTheNewestRowsIsReportedAsTruncatedWithTheCheckpointItContradicts() throws SQLException {
        List<Long> seqs = append(5);
        Checkpoint checkpoint = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElseThrow();
        assertThat(verify().getBoolean("valid")).isTrue();

        TestDatabase.tamper("DELETE FROM audit_events WHERE project_id = '" + project + "' AND seq >= " + seqs.get(3));

        JsonPath verify = verify();
        assertThat(verify.getBoolean("valid")).isFalse();
        assertThat(verify.getString("reason")).isEqualTo("truncated");
        assertThat(verify.getLong("brokenAt")).isEqualTo(seqs.get(4));
        assertThat(verify.getLong("checkpoint.seq")).isEqualTo(checkpoint.seq());
        assertThat(verify.getLong("checkpoint.events")).isEqualTo(5);
        assertThat(verify.getString("checkpoint.headHash")).isEqualTo(HashChain.hex(checkpoint.headHash()));
    }

    @Test
    void aRewrittenChainWhoseHashesWereRecomputedContradictsTheCheckpoint() throws SQLException {
        List<Long> seqs = append(4);
        Checkpoint checkpoint = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElseThrow();

        // Rewrite the second event and recompute every hash after it, as an intruder with database access would.
        List<String> statements = new ArrayList<>();
        byte[] prev = null;
        for (Object[] row : TestDatabase.rows(project)) {
            long seq = (Long) row[0];
            String event = (String) row[1];
            if (prev == null) {
                prev = (byte[]) row[3];
                continue;
            }
            if (seq == seqs.get(1)) {
                event = event.replace("DATABASE_URL", "NOTHING_HERE");
            }
            byte[] hash = HashChain.link(prev, event);
            statements.add("UPDATE audit_events SET event = '" + event.replace("'", "''") + "', prev_hash = '\\x"
                    + HexFormat.of().formatHex(prev) + "', hash = '\\x" + HexFormat.of().formatHex(hash) + "' WHERE seq = " + seq);
            prev = hash;
        }
        TestDatabase.tamper(statements.toArray(String[]::new));

        JsonPath verify = verify();
        assertThat(verify.getBoolean("valid")).isFalse();
        assertThat(verify.getString("reason")).isEqualTo("checkpoint-mismatch");
        assertThat(verify.getLong("brokenAt")).isEqualTo(seqs.get(3));
        assertThat(verify.getLong("checkpoint.seq")).isEqualTo(checkpoint.seq());
        assertThat(verify.getString("checkpoint.headHash")).isEqualTo(HashChain.hex(checkpoint.headHash()));
    }

    @Test
    void aCheckpointNotSignedByATrustedKeyIsIgnoredAndCounted() throws SQLException {
        List<Long> seqs = append(2);
        try (Connection app = TestDatabase.app();
             PreparedStatement insert = app.prepareStatement("INSERT INTO audit_checkpoints "
                     + "(project_id, seq, events, head_hash, time, kind, key_id, algorithm, signature) "
                     + "VALUES (?, ?, 99, ?, '2026-01-01T00:00:00Z', 'periodic', 'ffffffffffffffff', 'Ed25519', ?)")) {
            insert.setString(1, project);
            insert.setLong(2, seqs.get(1) + 1_000_000);
            insert.setBytes(3, new byte[32]);
            insert.setBytes(4, new byte[64]);
            insert.executeUpdate();
        }

        JsonPath verify = verify();
        assertThat(verify.getBoolean("valid")).isTrue();
        assertThat(verify.getInt("untrustedCheckpoints")).isEqualTo(1);
    }

    @Test
    void aForgedCheckpointRowNeitherSuppressesTheNextCheckpointNorSkewsItsCount() throws SQLException {
        List<Long> seqs = append(2);
        // What someone with the run-time role's password could insert: claims a far head and a wrong count.
        try (Connection app = TestDatabase.app();
             PreparedStatement insert = app.prepareStatement("INSERT INTO audit_checkpoints "
                     + "(project_id, seq, events, head_hash, time, kind, key_id, algorithm, signature) "
                     + "VALUES (?, ?, 99, ?, '2026-01-01T00:00:00Z', 'periodic', ?, 'Ed25519', ?)")) {
            insert.setString(1, project);
            insert.setLong(2, seqs.get(1) + 1_000_000);
            insert.setBytes(3, new byte[32]);
            insert.setString(4, checkpoints.sign(new com.microenv.audit.persistence.CheckpointRepository.Draft(
                    project, 1, 1, new byte[32], Checkpoint.PERIODIC)).keyId()); // even the real key id
            insert.setBytes(5, new byte[64]);
            insert.executeUpdate();
        }

        Checkpoint real = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElseThrow();

        assertThat(real.seq()).isEqualTo(seqs.get(1));
        assertThat(real.events()).isEqualTo(2);
        JsonPath verify = verify();
        assertThat(verify.getBoolean("valid")).isTrue();
        assertThat(verify.getInt("checkpointsChecked")).isEqualTo(1);
        assertThat(verify.getInt("untrustedCheckpoints")).isEqualTo(1);
        assertThat(checkpoints.checkpoint(project).await().atMost(TIMEOUT)).isEmpty();
    }

    @Test
    void theRunTimeRoleCanNeitherChangeNorRemoveACheckpoint() throws SQLException {
        append(1);
        checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElseThrow();

        try (Connection app = TestDatabase.app()) {
            for (String sql : List.of(
                    "UPDATE audit_checkpoints SET events = 0 WHERE project_id = '" + project + "'",
                    "DELETE FROM audit_checkpoints WHERE project_id = '" + project + "'",
                    "DELETE FROM audit_events WHERE project_id = '" + project + "'")) {
                assertThatThrownBy(() -> TestDatabase.execute(app, sql)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
            assertThatThrownBy(() -> TestDatabase.execute(app, "SELECT audit_apply_retention('" + project + "', 1)"))
                    .isInstanceOf(SQLException.class);
        }
        try (Connection owner = TestDatabase.owner()) {
            assertThatThrownBy(() -> TestDatabase.execute(owner, "DELETE FROM audit_checkpoints WHERE project_id = '" + project + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(TestDatabase.count(project)).isEqualTo(1);
    }

    @Test
    void aCheckpointIsPublishedToTheCheckpointTopicKeyedByProject() {
        append(2);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = await().atMost(TIMEOUT).until(() -> consumer.partitionsFor(checkpointTopic())
                            .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList(), p -> !p.isEmpty());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Checkpoint checkpoint = checkpoints.checkpoint(project).await().atMost(TIMEOUT).orElseThrow();

            AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (project.equals(r.key())) {
                        found.set(r);
                    }
                });
                return found.get() != null;
            });
            JsonPath published = new JsonPath(found.get().value());
            assertThat(published.getString("projectId")).isEqualTo(project);
            assertThat(published.getLong("seq")).isEqualTo(checkpoint.seq());
            assertThat(published.getString("headHash")).isEqualTo(HashChain.hex(checkpoint.headHash()));
            assertThat(published.getString("signature")).isEqualTo(Base64.getEncoder().encodeToString(checkpoint.signature()));
        }
    }

    /** The test profile's checkpoint topic (docs/audit-events.md names the real one, {@value CheckpointPublisher#TOPIC}). */
    static String checkpointTopic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.outgoing.audit-checkpoints.topic", String.class);
    }

    private JsonPath verify() {
        return given().auth().oauth2(token)
                .when().get("/v1/projects/{p}/audit-chain/verify", project)
                .then().statusCode(200).extract().jsonPath();
    }

    private List<Long> append(int n) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AppendResult result = audit.record(TestEvents.variableRead(project, "key_" + i, "production")).await().atMost(TIMEOUT);
            seqs.add(result.seq());
        }
        return seqs;
    }

    private static String canonicalOf(Map<String, Object> json) {
        return Checkpoint.canonical((String) json.get("projectId"), ((Number) json.get("seq")).longValue(),
                ((Number) json.get("events")).longValue(), HexFormat.of().parseHex((String) json.get("headHash")),
                (String) json.get("time"), (String) json.get("kind"), (String) json.get("keyId"));
    }
}
