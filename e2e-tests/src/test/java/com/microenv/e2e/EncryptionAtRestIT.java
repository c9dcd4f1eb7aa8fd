package com.microenv.e2e;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The secrets database holds ciphertext only: no demo value appears in any column of any table. */
class EncryptionAtRestIT {

    @Test
    void noDemoValueIsStoredInPlaintextAnywhereInTheSecretsDatabase() throws SQLException {
        Map<String, String> variables = RestAssured.given()
                .header("Authorization", "Bearer " + Platform.demoKey())
                .get(Platform.apiUrl() + "/v1/projects/{project}/environments/development/variables", Platform.demoProject())
                .then().statusCode(200)
                .extract().jsonPath().getMap("variables", String.class, String.class);
        assertThat(variables).isNotEmpty();

        String dump = dumpDatabase();
        assertThat(dump).contains(Platform.demoProject()); // the dump did read the rows
        variables.forEach((name, value) -> assertThat(dump)
                .as("plaintext of %s in the secrets database", name)
                .doesNotContain(value));
    }

    /** Every row of every table of the secrets database, each column as text (bytea as its bytes read as UTF-8). */
    private static String dumpDatabase() throws SQLException {
        String url = "jdbc:postgresql://" + Platform.setting("MICROENV_PG_HOST") + ":" + Platform.setting("MICROENV_PG_PORT")
                + "/microenv_secrets";
        StringBuilder dump = new StringBuilder();
        try (Connection db = DriverManager.getConnection(url, "microenv_secrets", Platform.setting("MICROENV_SECRETS_DB_PASSWORD"));
             Statement statement = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables "
                            + "where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("select * from " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            byte[] bytes = rs.getBytes(c);
                            dump.append(bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8)).append('\u0000');
                            String text = rs.getString(c);
                            dump.append(text == null ? "" : text).append('\n');
                        }
                    }
                }
            }
        }
        return dump.toString();
    }
}
