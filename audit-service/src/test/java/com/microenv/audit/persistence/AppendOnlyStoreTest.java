package com.microenv.audit.persistence;

import com.microenv.audit.TestEvents;
import com.microenv.audit.TestTokens;
import com.microenv.audit.chain.ChainVerification;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.service.AuditService;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** The store against the real database, with plain JDBC as the two roles that can reach it. */
@QuarkusTest
class AppendOnlyStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String project = UUID.randomUUID().toString();
    @Inject
    AuditService audit;

    @Test
    void theAppRoleCanNeitherUpdateNorDeleteNorTruncate() throws SQLException {
        long seq = append(TestEvents.variableRead(project, "key_x", "production"));

        try (Connection app = connect("MICROENV_AUDIT_APP_DB_USER", "microenv_audit_app", "MICROENV_AUDIT_APP_DB_PASSWORD")) {
            for (String sql : List.of(
                    "UPDATE audit_events SET actor = 'someone-else' WHERE seq = " + seq,
                    "DELETE FROM audit_events WHERE seq = " + seq,
                    "TRUNCATE audit_events")) {
                assertThatThrownBy(() -> execute(app, sql))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
        }
        assertThat(count(project)).isEqualTo(1);
    }

    @Test
    void theOwnerIsRefusedByTheAppendOnlyTrigger() throws SQLException {
        long seq = append(TestEvents.variableRead(project, "key_x", "production"));

        try (Connection owner = owner()) {
            for (String sql : List.of(
                    "UPDATE audit_events SET actor = 'someone-else' WHERE seq = " + seq,
                    "DELETE FROM audit_events WHERE seq = " + seq,
                    "TRUNCATE audit_events")) {
                assertThatThrownBy(() -> execute(owner, sql))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        assertThat(count(project)).isEqualTo(1);
    }

    @Test
    void concurrentAppendsToOneProjectKeepASingleUnforkedChain() {
        List<Uni<AppendResult>> appends = IntStream.range(0, 24)
                .mapToObj(i -> audit.record(TestEvents.variableRead(project, "key_" + i, "production")))
                .toList();

        List<AppendResult> results = Uni.join().all(appends).andFailFast().await().atMost(TIMEOUT);

        assertThat(results).allMatch(AppendResult::stored);
        ChainVerification chain = audit.verify(project).await().atMost(TIMEOUT).result();
        assertThat(chain.valid()).isTrue();
        assertThat(chain.events()).isEqualTo(24);
    }

    @Test
    void appendingAnEventIdAgainStoresNothing() {
        AuditEvent event = TestEvents.variableRead(project, "key_x", "production");

        AppendResult first = audit.record(event).await().atMost(TIMEOUT);
        AppendResult again = audit.record(event).await().atMost(TIMEOUT);

        assertThat(first.stored()).isTrue();
        assertThat(again.stored()).isFalse();
        assertThat(count(project)).isEqualTo(1);
    }

    @Test
    void verifyFindsARowEditedBehindTheTriggersBack() throws SQLException {
        List<Long> seqs = appendSeveral(4);

        // Only the owner can do this, and only by switching the trigger off: what an intruder with the owner's
        // password would do. The chain still gives it away.
        try (Connection owner = owner()) {
            owner.setAutoCommit(false);
            execute(owner, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete");
            execute(owner, "UPDATE audit_events SET event = replace(event, 'DATABASE_URL', 'NOTHING') WHERE seq = "
                    + seqs.get(1));
            execute(owner, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete");
            owner.commit();
        }

        given().auth().oauth2(TestTokens.forProject(project, "admin"))
                .when().get("/v1/projects/{p}/audit-chain/verify", project)
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("brokenAt", equalTo(seqs.get(1).intValue()))
                .body("reason", equalTo("hash-mismatch"));
    }

    @Test
    void verifyFindsADeletedRow() throws SQLException {
        List<Long> seqs = appendSeveral(4);

        try (Connection owner = owner()) {
            owner.setAutoCommit(false);
            execute(owner, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete");
            execute(owner, "DELETE FROM audit_events WHERE seq = " + seqs.get(1));
            execute(owner, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete");
            owner.commit();
        }

        ChainVerification chain = audit.verify(project).await().atMost(TIMEOUT).result();
        assertThat(chain.valid()).isFalse();
        assertThat(chain.brokenAt()).isEqualTo(seqs.get(2));
        assertThat(chain.reason()).isEqualTo("prev-hash-mismatch");
    }

    private List<Long> appendSeveral(int n) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seqs.add(append(TestEvents.variableRead(project, "key_" + i, "production")));
        }
        return seqs;
    }

    private long append(AuditEvent event) {
        AppendResult result = audit.record(event).await().atMost(TIMEOUT);
        assertThat(result.stored()).isTrue();
        return result.seq();
    }

    private static long count(String project) {
        try (Connection owner = owner();
             PreparedStatement query = owner.prepareStatement("SELECT count(*) FROM audit_events WHERE project_id = ?")) {
            query.setString(1, project);
            var rows = query.executeQuery();
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection owner() throws SQLException {
        return connect("MICROENV_AUDIT_DB_USER", "microenv_audit", "MICROENV_AUDIT_DB_PASSWORD");
    }

    private static Connection connect(String userSetting, String defaultUser, String passwordSetting) throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getOptionalValue(userSetting, String.class).orElse(defaultUser);
        return DriverManager.getConnection(url, user, config.getValue(passwordSetting, String.class));
    }
}
