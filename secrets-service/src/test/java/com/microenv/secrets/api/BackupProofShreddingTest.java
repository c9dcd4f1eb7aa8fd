package com.microenv.secrets.api;

import com.microenv.secrets.crypto.ConfigKeyEncryptionKeyProvider;
import com.microenv.secrets.crypto.CryptoException;
import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.KeyEncryptionKeyProvider;
import com.microenv.secrets.crypto.LocalKeyringKeyEncryptionKeyProvider;
import com.microenv.secrets.crypto.SealedValue;
import com.microenv.secrets.crypto.VariableRef;
import com.microenv.secrets.crypto.WrappedKey;
import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Crypto-shredding that defeats a database dump taken before the deletion: with the local keyring, a project's data
 * key is wrapped by the project's own key, kept outside the database and destroyed on {@code project.deleted}. The
 * test dumps the project's rows (its wrapped data key, current values and every version), shows that the dump plus
 * the keyring plus the KEK decrypts them, deletes the project, and then shows that the dump plus the KEK decrypts
 * nothing: not through the keyring (its key is gone), not through the KEK as a KEK, not with the KEK as the data key.
 */
@QuarkusTest
@TestProfile(BackupProofShreddingTest.LocalKeyring.class)
class BackupProofShreddingTest {

    static final Path KEYRING = temporaryKeyring();

    /** The service with {@code kek-provider=local-keyring} over a keyring folder of this test's own. */
    public static class LocalKeyring implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("microenv.crypto.kek-provider", "local-keyring",
                    "microenv.crypto.keyring.dir", KEYRING.toString(),
                    "microenv.crypto.rotate-on-start", "false");
        }
    }

    /** One dumped row of {@code variables} or {@code variable_versions}. */
    private record DumpedValue(String environment, String name, long version, byte[] nonce, byte[] ciphertext) {
    }

    @Inject
    AgroalDataSource database;

    @Inject
    KeyEncryptionKeyProvider provider;

    @Test
    void afterTheProjectIsDeletedItsDumpedRowsAndTheKekDecryptNothing() throws Exception {
        assertThat(provider.keysOutsideTheDatabase()).isTrue();
        assertThat(provider.currentKeyId()).isEqualTo("local-keyring:v1");

        UUID project = UUID.randomUUID();
        String token = TestTokens.forProject(project).sign();
        Map<String, String> written = Map.of("production/DATABASE_URL", "postgres://u:p@db/prod",
                "production/API_TOKEN", "tok-" + UUID.randomUUID(), "development/DATABASE_URL", "postgres://dev");
        for (Map.Entry<String, String> entry : written.entrySet()) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", "first-" + entry.getValue()))
                    .put(path(project, entry.getKey())).then().statusCode(201);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", entry.getValue()))
                    .put(path(project, entry.getKey())).then().statusCode(200);
        }

        // The dump: exactly the rows a pg_dump of the service's database holds for this project.
        WrappedKey dumpedKey = dumpKey(project);
        List<DumpedValue> dumped = new ArrayList<>(dumpValues(project, "variables"));
        dumped.addAll(dumpValues(project, "variable_versions"));
        assertThat(dumpedKey.kekId()).isEqualTo("local-keyring:v1");
        assertThat(dumped).hasSize(3 + 6);
        assertThat(Files.list(KEYRING).anyMatch(f -> f.getFileName().toString().startsWith(project + ".v1")))
                .as("the project's key is in the keyring, not in the database").isTrue();

        String kek = ConfigProvider.getConfig().getValue("microenv.crypto.kek", String.class);
        List<String> previous = List.of(ConfigProvider.getConfig().getValue("microenv.crypto.previous-keks", String.class));

        // Before the deletion the dump is a working backup (with the keyring and the KEK).
        EnvelopeCipher withKeyring = new EnvelopeCipher(
                new LocalKeyringKeyEncryptionKeyProvider(KEYRING, 1, kek, previous, 10));
        SecretKey dataKey = withKeyring.unwrap(project, dumpedKey).await().indefinitely();
        for (DumpedValue row : dumped) {
            String value = open(withKeyring, dataKey, project, row);
            assertThat(value).isIn(written.get(row.environment() + "/" + row.name()),
                    "first-" + written.get(row.environment() + "/" + row.name()));
        }

        deleteProject(project);
        await().atMost(Duration.ofSeconds(60)).until(() -> countKeys(project) == 0
                && !new LocalKeyringKeyEncryptionKeyProvider(KEYRING, 1, kek, previous, 10).holdsKeyOf(project));
        given().auth().oauth2(token).get(path(project, "production")).then().statusCode(404);

        // After: the same dump and the same KEK. A fresh keyring provider (nothing cached) finds no key ...
        EnvelopeCipher afterwards = new EnvelopeCipher(
                new LocalKeyringKeyEncryptionKeyProvider(KEYRING, 1, kek, previous, 10));
        assertThatThrownBy(() -> afterwards.unwrap(project, dumpedKey).await().indefinitely())
                .isInstanceOf(CryptoException.class);
        // ... the KEK does not unwrap it, whatever KEK id the attacker claims ...
        ConfigKeyEncryptionKeyProvider configKek = new ConfigKeyEncryptionKeyProvider(kek, previous);
        for (String claimedId : configKek.keyIds()) {
            assertThatThrownBy(() -> new EnvelopeCipher(configKek)
                    .unwrap(project, new WrappedKey(claimedId, dumpedKey.ciphertext())).await().indefinitely())
                    .isInstanceOf(CryptoException.class);
        }
        // ... and neither the KEK nor a retired KEK opens any dumped value directly.
        List<SecretKey> candidates = new ArrayList<>();
        candidates.add(new SecretKeySpec(Base64.getDecoder().decode(kek), "AES"));
        previous.forEach(old -> candidates.add(new SecretKeySpec(Base64.getDecoder().decode(old), "AES")));
        for (DumpedValue row : dumped) {
            for (SecretKey candidate : candidates) {
                assertThatThrownBy(() -> open(afterwards, candidate, project, row)).isInstanceOf(CryptoException.class);
            }
        }
    }

    private static String open(EnvelopeCipher cipher, SecretKey key, UUID project, DumpedValue row) {
        return cipher.open(key, new VariableRef(project, row.environment(), row.name(), row.version()),
                new SealedValue(row.nonce(), row.ciphertext()));
    }

    private static String path(UUID project, String environmentAndName) {
        String[] parts = environmentAndName.split("/");
        return "/v1/projects/" + project + "/environments/" + parts[0] + "/variables"
                + (parts.length > 1 ? "/" + parts[1] : "");
    }

    private void deleteProject(UUID project) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("microenv.credentials.v1", project.toString(),
                    "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"project.deleted\",\"time\":\"2026-12-03T10:00:00Z\","
                            + "\"projectId\":\"" + project + "\"}")).get();
        }
    }

    private WrappedKey dumpKey(UUID project) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT kek_id, wrapped_dek FROM project_keys WHERE project_id = ?")) {
            select.setObject(1, project);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return new WrappedKey(row.getString(1), row.getBytes(2));
            }
        }
    }

    private List<DumpedValue> dumpValues(UUID project, String table) throws Exception {
        List<DumpedValue> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT environment, name, version, nonce, ciphertext FROM " + table + " WHERE project_id = ?")) {
            select.setObject(1, project);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new DumpedValue(row.getString(1), row.getString(2), row.getLong(3), row.getBytes(4),
                            row.getBytes(5)));
                }
            }
        }
        return rows;
    }

    private long countKeys(UUID project) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM project_keys WHERE project_id = ?")) {
            statement.setObject(1, project);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Path temporaryKeyring() {
        try {
            return Files.createTempDirectory("microenv-keyring-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
