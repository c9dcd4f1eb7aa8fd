package com.microenv.audit;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC to the real audit database, as the owner (what an intruder with its password could do) or the app role. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static Connection owner() throws SQLException {
        return connect("MICROENV_AUDIT_DB_USER", "microenv_audit", "MICROENV_AUDIT_DB_PASSWORD");
    }

    public static Connection app() throws SQLException {
        return connect("MICROENV_AUDIT_APP_DB_USER", "microenv_audit_app", "MICROENV_AUDIT_APP_DB_PASSWORD");
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Runs {@code sql} as the owner with the append-only trigger of {@code audit_events} switched off, in one
     * transaction (so no other session ever sees the table unguarded). Only ever aimed at a test's own project.
     */
    public static void tamper(String... sql) throws SQLException {
        try (Connection owner = owner()) {
            owner.setAutoCommit(false);
            execute(owner, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete");
            for (String statement : sql) {
                execute(owner, statement);
            }
            execute(owner, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete");
            owner.commit();
        }
    }

    public static long count(String project) {
        try (Connection owner = owner();
             PreparedStatement query = owner.prepareStatement("SELECT count(*) FROM audit_events WHERE project_id = ?")) {
            query.setString(1, project);
            ResultSet rows = query.executeQuery();
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project's rows as (seq, event, prev_hash, hash), in seq order. */
    public static List<Object[]> rows(String project) throws SQLException {
        try (Connection owner = owner();
             PreparedStatement query = owner.prepareStatement(
                     "SELECT seq, event, prev_hash, hash FROM audit_events WHERE project_id = ? ORDER BY seq")) {
            query.setString(1, project);
            ResultSet rs = query.executeQuery();
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)});
            }
            return rows;
        }
    }

    private static Connection connect(String userSetting, String defaultUser, String passwordSetting) throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getOptionalValue(userSetting, String.class).orElse(defaultUser);
        return DriverManager.getConnection(url, user, config.getValue(passwordSetting, String.class));
    }
}
