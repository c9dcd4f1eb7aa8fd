package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.StubApi;
import com.microenv.cli.StubApi.Response;
import com.microenv.cli.Tokens;
import com.microenv.cli.config.CredentialStore;
import com.microenv.cli.config.StoredCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code login} (RFC 8628 device flow client), {@code logout} and {@code whoami} against a stub of auth-service. */
class LoginLogoutTest {

    private static final String DEVICE = "{\"device_code\":\"dev-code-123\",\"user_code\":\"BCDF-GHJK\","
            + "\"verification_uri\":\"http://127.0.0.1:8080/device\","
            + "\"verification_uri_complete\":\"http://127.0.0.1:8080/device?user_code=BCDF-GHJK\","
            + "\"expires_in\":600,\"interval\":5}";

    @TempDir
    Path config;

    private StubApi api;

    @BeforeEach
    void startStub() throws Exception {
        api = new StubApi();
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    private CliRunner cli() {
        return new CliRunner(config).env("MICROENV_API_URL", api.url()).env("HOSTNAME", "buildbox").env("USER", "ada");
    }

    private static Response error(String error) {
        return new Response(400, "application/json", "{\"error\":\"" + error + "\"}");
    }

    private static Response token(String token) {
        return new Response(200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"token_id\":\"ct_1\",\"expires_in\":2592000}");
    }

    @Test
    void loginPollsAtTheIntervalSlowsDownWhenToldAndStoresTheTokenPrivately() throws Exception {
        String token = Tokens.cliToken();
        api.json("POST", "/v1/auth/device", 200, DEVICE)
                .sequence("POST", "/v1/auth/device/token", error("authorization_pending"), error("slow_down"),
                        error("authorization_pending"), token(token));
        CliRunner cli = cli().withBrowser();

        Result result = cli.run("login", "--ttl", "8h");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10));
        assertThat(result.err()).contains("http://127.0.0.1:8080/device?user_code=BCDF-GHJK").contains("BCDF-GHJK")
                .contains("Opened your browser");
        assertThat(cli.opened()).containsExactly(URI.create("http://127.0.0.1:8080/device?user_code=BCDF-GHJK"));
        assertThat(result.out()).contains("Logged in to " + api.url()).contains("expires at").doesNotContain(token);
        assertThat(api.requests().get(0).body())
                .isEqualTo("{\"client_name\":\"microenv CLI on ada@buildbox\",\"token_lifetime\":28800}");
        assertThat(api.requests().get(0).header("Authorization")).isNull();
        assertThat(api.requests().get(1).body())
                .isEqualTo("{\"grant_type\":\"urn:ietf:params:oauth:grant-type:device_code\",\"device_code\":\"dev-code-123\"}");

        CredentialStore store = new CredentialStore(config.resolve("microenv"));
        StoredCredential stored = store.find(api.url()).orElseThrow();
        assertThat(stored.token()).isEqualTo(token);
        assertThat(stored.tokenId()).isEqualTo("ct_1");
        // expires_in 30 days, counted from the answer's arrival
        assertThat(stored.expiry()).hasValueSatisfying(expiry -> assertThat(expiry)
                .isBetween(java.time.Instant.now().plus(Duration.ofDays(30)).minus(Duration.ofMinutes(5)),
                        java.time.Instant.now().plus(Duration.ofDays(30))));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void noBrowserOnlyPrintsAndTheNameIsSent() {
        api.json("POST", "/v1/auth/device", 200, DEVICE).respond("POST", "/v1/auth/device/token", token(Tokens.cliToken()));
        CliRunner cli = cli().withBrowser();

        Result result = cli.run("login", "--no-browser", "--name", "ci runner");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.opened()).isEmpty();
        assertThat(result.err()).doesNotContain("Opened");
        assertThat(api.requests().get(0).body()).isEqualTo("{\"client_name\":\"ci runner\"}");
    }

    @Test
    void withoutABrowserLoginStillWorks() {
        api.json("POST", "/v1/auth/device", 200, DEVICE).respond("POST", "/v1/auth/device/token", token(Tokens.cliToken()));

        Result result = cli().run("login");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("BCDF-GHJK").doesNotContain("Opened");
    }

    @Test
    void aDeniedLoginIsAnAuthenticationFailureAndStoresNothing() {
        api.json("POST", "/v1/auth/device", 200, DEVICE).respond("POST", "/v1/auth/device/token", error("access_denied"));

        Result result = cli().run("login");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("denied");
        assertThat(config.resolve("microenv/credentials.json")).doesNotExist();
    }

    @Test
    void anExpiredCodeSaysToStartAgain() {
        api.json("POST", "/v1/auth/device", 200, DEVICE).respond("POST", "/v1/auth/device/token", error("expired_token"));

        Result result = cli().run("login");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("expired").contains("microenv login");
    }

    @Test
    void anUnknownCodeIsInvalidGrant() {
        api.json("POST", "/v1/auth/device", 200, DEVICE).respond("POST", "/v1/auth/device/token", error("invalid_grant"));

        assertThat(cli().run("login").exitCode()).isEqualTo(ExitCodes.AUTH);
    }

    @Test
    void aBadTtlIsAUsageError() {
        Result result = cli().run("login", "--ttl", "forever");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void theStoredTokenIsUsedAndWhoamiShowsItsExpiry() {
        String token = Tokens.cliToken();
        new CredentialStore(config.resolve("microenv")).save(api.url(), new StoredCredential(token, "ct_1", null, "2025-06-08T12:00:00Z"));
        api.json("GET", "/v1/me", 200, "{\"kind\":\"user\",\"email\":\"ada@example.com\"}");

        Result result = cli().run("whoami");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("expires: 2025-06-08T12:00:00Z (in 7 days)").contains("email: ada@example.com")
                .doesNotContain(token);
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void whoamiWithoutMeOnTheServerStillShowsTheLocalFacts() {
        Result result = cli().env("MICROENV_TOKEN", Tokens.apiKey()).run("whoami");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("credential: API key").contains("(from MICROENV_TOKEN)");
        assertThat(result.err()).contains("no GET /v1/me");
    }

    @Test
    void theEnvironmentTokenBeatsTheStoredOne() {
        String stored = Tokens.cliToken();
        String fromEnv = Tokens.apiKey();
        new CredentialStore(config.resolve("microenv")).save(api.url(), new StoredCredential(stored, null, null, null));
        api.json("GET", "/v1/me", 200, "{}");

        Result result = cli().env("MICROENV_TOKEN", fromEnv).run("--json", "whoami");

        assertThat(result.exitCode()).isZero();
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer " + fromEnv);
        assertThat(result.out()).contains("\"source\" : \"MICROENV_TOKEN\"");
    }

    @Test
    void logoutRevokesTheTokenAtTheServerAndDeletesIt() {
        String token = Tokens.cliToken();
        CredentialStore store = new CredentialStore(config.resolve("microenv"));
        store.save(api.url(), new StoredCredential(token, "ct_1", null, null));
        api.respond("POST", "/v1/auth/logout", new Response(204, "application/json", ""));

        Result result = cli().run("logout");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(api.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + token);
        });
        assertThat(store.find(api.url())).isEmpty();
    }

    @Test
    void logoutWhenTheServerIsUnreachableStillDeletesLocallyAndSaysSo() {
        String token = Tokens.cliToken();
        CredentialStore store = new CredentialStore(config.resolve("microenv"));
        store.save("http://127.0.0.1:9", new StoredCredential(token, "ct_1", null, null));

        Result result = new CliRunner(config).env("MICROENV_API_URL", "http://127.0.0.1:9").run("logout");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.err()).contains("deleted the token").contains("could not revoke it at the server");
        assertThat(store.find("http://127.0.0.1:9")).isEmpty();
    }

    @Test
    void logoutOfAnAlreadyRevokedTokenSucceeds() {
        CredentialStore store = new CredentialStore(config.resolve("microenv"));
        store.save(api.url(), new StoredCredential(Tokens.cliToken(), null, null, null));
        api.problem("POST", "/v1/auth/logout", 401, "Unauthorized", "revoked");

        assertThat(cli().run("logout").exitCode()).isZero();
        assertThat(store.find(api.url())).isEmpty();
    }

    @Test
    void tokensListShowsATableAndRevokeSendsOneDeleteEach() {
        String token = Tokens.cliToken();
        new CredentialStore(config.resolve("microenv")).save(api.url(), new StoredCredential(token, "ct_1", null, null));
        api.json("GET", "/v1/auth/cli-tokens", 200, "[{\"id\":\"ct_1\",\"clientName\":\"laptop\",\"createdAt\":\"2025-05-01T00:00:00Z\","
                        + "\"lastUsedAt\":null,\"lastIp\":\"10.0.0.1\",\"expiresAt\":\"2025-06-01T00:00:00Z\"}]")
                .respond("DELETE", "/v1/auth/cli-tokens/ct_2", new Response(204, "application/json", ""))
                .respond("DELETE", "/v1/auth/cli-tokens", new Response(204, "application/json", ""));

        Result list = cli().run("tokens", "list");
        Result revoke = cli().run("tokens", "revoke", "ct_2");
        Result all = cli().run("tokens", "revoke-all");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("ID    DEVICE  CREATED").contains("ct_1  laptop").contains("10.0.0.1");
        assertThat(revoke.out()).isEqualTo("ct_2: revoked\n");
        assertThat(all.exitCode()).isZero();
        assertThat(api.requests()).extracting(request -> request.method() + " " + request.path())
                .containsExactly("GET /v1/auth/cli-tokens", "DELETE /v1/auth/cli-tokens/ct_2", "DELETE /v1/auth/cli-tokens");
    }

    @Test
    void profilesPerApiUrlAreIndependent() {
        CredentialStore store = new CredentialStore(config.resolve("microenv"));
        store.save(api.url(), new StoredCredential(Tokens.cliToken(), null, null, null));
        store.save("https://other.example", new StoredCredential(Tokens.cliToken(), null, null, null));
        api.respond("POST", "/v1/auth/logout", new Response(204, "application/json", ""));

        cli().run("logout");

        assertThat(store.find(api.url())).isEmpty();
        assertThat(store.find("https://other.example")).isPresent();
    }
}
