package com.microenv.cli.config;

import com.microenv.cli.CliContext;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliSettingsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path config;

    private final Map<String, String> env = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private CliSettings settings() {
        env.putIfAbsent("XDG_CONFIG_HOME", config.toString());
        return new CliSettings(new CliContext(env, InputStream.nullInputStream(), null, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private void writeConfigFile(String json) throws Exception {
        Files.createDirectories(config.resolve("microenv"));
        Files.writeString(config.resolve("microenv/config.json"), json);
    }

    @Test
    void apiUrlComesFromTheFlagFirst() throws Exception {
        env.put("MICROENV_API_URL", "https://from-env.example.test");
        writeConfigFile("{\"apiUrl\":\"https://from-file.example.test\"}");

        assertThat(settings().apiUrl("https://from-flag.example.test/")).isEqualTo(
                new ApiUrl("https://from-flag.example.test", "--api-url"));
    }

    @Test
    void apiUrlComesFromTheEnvironmentBeforeTheConfigFile() throws Exception {
        env.put("MICROENV_API_URL", "https://from-env.example.test");
        writeConfigFile("{\"apiUrl\":\"https://from-file.example.test\"}");

        assertThat(settings().apiUrl(null)).isEqualTo(new ApiUrl("https://from-env.example.test", "MICROENV_API_URL"));
    }

    @Test
    void apiUrlComesFromTheConfigFileBeforeTheDefault() throws Exception {
        writeConfigFile("{\"apiUrl\":\"https://from-file.example.test\",\"somethingLater\":true}");

        assertThat(settings().apiUrl(null).url()).isEqualTo("https://from-file.example.test");
    }

    @Test
    void apiUrlDefaultsToTheLocalGateway() {
        assertThat(settings().apiUrl(null)).isEqualTo(new ApiUrl("http://127.0.0.1:8080", "default"));
    }

    @Test
    void anUnusableApiUrlInTheEnvironmentIsAnErrorNamingItsSource() {
        env.put("MICROENV_API_URL", "ftp://example.test");

        assertThatThrownBy(() -> settings().apiUrl(null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("MICROENV_API_URL")
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void anApiUrlWithUserInfoOrQueryIsRefused() {
        assertThatThrownBy(() -> ApiUrl.parse("https://user:pass@example.test", "--api-url"))
                .hasMessageContaining("user info");
        assertThatThrownBy(() -> ApiUrl.parse("https://example.test/?x=1", "--api-url")).hasMessageContaining("query");
        assertThatThrownBy(() -> ApiUrl.parse("example.test", "--api-url")).hasMessageContaining("http://");
    }

    @Test
    void onlyPlainHttpToAnotherHostCountsAsUnencrypted() {
        assertThat(ApiUrl.parse("http://api.example.test", "x").isPlainHttpToRemoteHost()).isTrue();
        assertThat(ApiUrl.parse("https://api.example.test", "x").isPlainHttpToRemoteHost()).isFalse();
        assertThat(ApiUrl.parse("http://127.0.0.1:8080", "x").isPlainHttpToRemoteHost()).isFalse();
        assertThat(ApiUrl.parse("http://localhost:8080", "x").isPlainHttpToRemoteHost()).isFalse();
        assertThat(ApiUrl.parse("http://[::1]:8080", "x").isPlainHttpToRemoteHost()).isFalse();
    }

    @Test
    void configFolderFollowsXdgConfigHomeElseHomeDotConfig() {
        env.put("XDG_CONFIG_HOME", "/xdg");
        assertThat(settings().configDirectory()).isEqualTo(Path.of("/xdg/microenv"));

        env.put("XDG_CONFIG_HOME", "relative/is/ignored");
        env.put("HOME", "/home/dev");
        assertThat(settings().configDirectory()).isEqualTo(Path.of("/home/dev/.config/microenv"));
    }

    @Test
    void theTokenInTheEnvironmentWinsOverTheStoredOne() {
        String key = Tokens.apiKey();
        env.put("MICROENV_TOKEN", key);
        settings().credentialStore().save("http://127.0.0.1:8080", new StoredCredential(Tokens.cliToken(), null, null, null));

        CliSettings.ResolvedCredential credential = settings().credential(settings().apiUrl(null), warnings::add);

        assertThat(credential.credential().secret()).isEqualTo(key);
        assertThat(credential.source()).isEqualTo("MICROENV_TOKEN");
    }

    @Test
    void theStoredTokenForTheApiUrlIsUsedWithoutAnEnvironmentToken() {
        String token = Tokens.cliToken();
        settings().credentialStore().save("http://127.0.0.1:8080", new StoredCredential(token, null, null, "2025-07-01T00:00:00Z"));

        CliSettings.ResolvedCredential credential = settings().credential(settings().apiUrl(null), warnings::add);

        assertThat(credential.credential().secret()).isEqualTo(token);
        assertThat(credential.credential().kind()).isEqualTo(Credential.Kind.CLI_TOKEN);
        assertThat(credential.source()).endsWith("credentials.json");
    }

    @Test
    void aMalformedEnvironmentTokenIsAnAuthErrorShowingItMasked() {
        String key = Tokens.apiKey();
        String mistyped = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
        env.put("MICROENV_TOKEN", mistyped);

        assertThatThrownBy(() -> settings().credential(settings().apiUrl(null), warnings::add))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.AUTH))
                .hasMessageContaining("MICROENV_TOKEN")
                .hasMessageContaining("checksum")
                .hasMessageContaining(Credential.mask(mistyped))
                .hasMessageNotContaining(mistyped);
    }

    @Test
    void noCredentialAtAllIsAnAuthErrorSayingWhatToDo() {
        assertThatThrownBy(() -> settings().credential(settings().apiUrl(null), warnings::add))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.AUTH))
                .hasMessageContaining("set MICROENV_TOKEN");
    }

    @Test
    void anExpiredStoredTokenIsAnAuthError() {
        settings().credentialStore().save("http://127.0.0.1:8080",
                new StoredCredential(Tokens.cliToken(), null, null, "2025-05-31T00:00:00Z"));

        assertThatThrownBy(() -> settings().credential(settings().apiUrl(null), warnings::add))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.AUTH))
                .hasMessageContaining("expired at 2025-05-31T00:00:00Z");
    }

    @Test
    void aCredentialsFileOthersCanReadIsIgnoredWithAWarning() throws Exception {
        CredentialStore store = settings().credentialStore();
        store.save("http://127.0.0.1:8080", new StoredCredential(Tokens.cliToken(), null, null, null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> settings().credential(settings().apiUrl(null), warnings::add))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.AUTH));
        assertThat(warnings).singleElement().asString()
                .contains(store.file().toString())
                .contains("chmod 600");
    }
}
