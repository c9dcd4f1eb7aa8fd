package com.microenv.cli.config;

import com.microenv.cli.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialStoreTest {

    private static final String API = "https://api.example.test";

    @TempDir
    Path home;

    @Test
    void savingCreatesAPrivateFolderAndAPrivateFile() throws Exception {
        Path directory = home.resolve(".config/microenv");
        CredentialStore store = new CredentialStore(directory);

        store.save(API, new StoredCredential(Tokens.cliToken(), "tok_1", "demo@microenv.local", null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(store.file()); // no temporary file left behind
        }
    }

    @Test
    void aSavedTokenIsFoundOnlyForItsApiUrl() {
        CredentialStore store = new CredentialStore(home);
        String token = Tokens.cliToken();

        store.save(API + "/", new StoredCredential(token, "tok_1", "demo@microenv.local", "2025-07-01T00:00:00Z"));

        assertThat(store.find(API)).hasValueSatisfying(found -> {
            assertThat(found.token()).isEqualTo(token);
            assertThat(found.user()).isEqualTo("demo@microenv.local");
            assertThat(found.expiry()).hasValueSatisfying(expiry -> assertThat(expiry).hasToString("2025-07-01T00:00:00Z"));
        });
        assertThat(store.find("https://evil.example.test")).isEmpty();
    }

    @Test
    void tokensForSeveralApiUrlsLiveSideBySide() {
        CredentialStore store = new CredentialStore(home);
        String local = Tokens.cliToken();
        String remote = Tokens.cliToken();

        store.save("http://127.0.0.1:8080", new StoredCredential(local, null, null, null));
        store.save(API, new StoredCredential(remote, null, null, null));

        assertThat(store.find("http://127.0.0.1:8080")).map(StoredCredential::token).hasValue(local);
        assertThat(store.find(API)).map(StoredCredential::token).hasValue(remote);
        assertThat(store.remove(API)).isTrue();
        assertThat(store.find(API)).isEmpty();
        assertThat(store.find("http://127.0.0.1:8080")).isPresent();
    }

    @Test
    void aMissingFileMeansNoCredential() {
        assertThat(new CredentialStore(home.resolve("nowhere")).find(API)).isEmpty();
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        CredentialStore store = new CredentialStore(home);
        store.save(API, new StoredCredential(Tokens.cliToken(), null, null, null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> store.find(API))
                .isInstanceOf(CredentialStore.InsecureFileException.class)
                .hasMessageContaining(store.file().toString())
                .hasMessageContaining("rw-r--r--");
    }

    @Test
    void aFileTheGroupCanWriteIsRefused() throws Exception {
        CredentialStore store = new CredentialStore(home);
        store.save(API, new StoredCredential(Tokens.cliToken(), null, null, null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw--w----"));

        assertThatThrownBy(() -> store.find(API)).isInstanceOf(CredentialStore.InsecureFileException.class);
    }

    @Test
    void savingAgainRestoresPrivatePermissions() throws Exception {
        CredentialStore store = new CredentialStore(home);
        store.save(API, new StoredCredential(Tokens.cliToken(), null, null, null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        store.save(API, new StoredCredential(Tokens.cliToken(), null, null, null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void aCorruptFileIsReportedWithoutQuotingIt() throws Exception {
        CredentialStore store = new CredentialStore(home);
        Files.writeString(store.file(), "{\"credentials\": menv_ct_notjson", java.nio.charset.StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> store.find(API))
                .isInstanceOf(CredentialStore.CredentialStoreException.class)
                .hasMessageContaining("not a valid credentials file")
                .hasMessageNotContaining("menv_ct_");
    }

    @Test
    void aStoredCredentialPrintsItsTokenMasked() {
        String token = Tokens.cliToken();

        assertThat(new StoredCredential(token, "tok_1", null, null).toString())
                .doesNotContain(token)
                .contains(Credential.mask(token));
    }
}
