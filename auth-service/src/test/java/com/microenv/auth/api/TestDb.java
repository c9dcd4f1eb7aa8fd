package com.microenv.auth.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Plain JDBC to the real microenv_auth database, for the few tests that must move a row's clock (a device
 * code that expired, a key whose expiry passed) instead of waiting minutes.
 */
final class TestDb {

    private TestDb() {
    }

    static int update(String sql, Object... args) {
        String url = "jdbc:postgresql://" + AuthTestClient.setting("MICROENV_PG_HOST") + ":"
                + AuthTestClient.setting("MICROENV_PG_PORT") + "/microenv_auth";
        try (Connection conn = DriverManager.getConnection(url, "microenv_auth", AuthTestClient.setting("MICROENV_AUTH_DB_PASSWORD"));
             PreparedStatement statement = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }
}
