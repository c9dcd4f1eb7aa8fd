package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.StubApi;
import com.microenv.cli.Tokens;
import com.microenv.cli.config.CredentialStore;
import com.microenv.cli.config.StoredCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code login --oidc-token-file FILE --trust ID}: a CI job's identity token traded for a workload token (stub API). */
class OidcLoginTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJyZXBvc2l0b3J5IjoiYWNtZS9hcGkifQ.c2lnbmF0dXJl";
    private static final String P = "3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93";

    @TempDir
    Path config;

    @TempDir
    Path work;

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
        return new CliRunner(config).env("MICROENV_API_URL", api.url()).in(work);
    }

    private String answer(String token) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":900,\"token_id\":\"wt_1\","
                + "\"project_id\":\"" + P + "\",\"permissions\":[\"read\"],\"environments\":[\"production\"]}";
    }

    @Test
    void tradesTheIdentityTokenStoresTheWorkloadTokenAndLaterCommandsPresentItUntilItExpires() throws Exception {
        String workload = Tokens.workloadToken();
        Files.writeString(work.resolve("oidc.jwt"), JWT + "\n");
        api.json("POST", "/v1/auth/oidc/login", 200, answer(workload))
                .respond("GET", "/v1/projects/" + P + "/environments/production/variables",
                        new StubApi.Response(200, "text/plain", "PORT=\"8080\"\n"));

        Result login = cli().run("login", "--oidc-token-file", "oidc.jwt", "--trust", "trust_gh1");
        Result get = cli().run("variables", "get", "--project-id", P, "--environment", "production");

        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out()).contains("through trust trust_gh1").contains("expires at 2025-06-01T12:15:00Z")
                .doesNotContain(workload).doesNotContain(JWT);
        StubApi.Request trade = api.requests().get(0);
        assertThat(trade.body()).isEqualTo("{\"trustId\":\"trust_gh1\",\"token\":\"" + JWT + "\"}");
        assertThat(trade.header("Authorization")).isNull();
        Path file = config.resolve("microenv").resolve(CredentialStore.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new CredentialStore(config.resolve("microenv")).find(api.url())).get()
                .extracting(StoredCredential::token, StoredCredential::tokenId, StoredCredential::expiresAt)
                .containsExactly(workload, "wt_1", "2025-06-01T12:15:00Z");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(api.requests().get(1).header("Authorization")).isEqualTo("Bearer " + workload);

        // 15 minutes later (the runner's clock is fixed: store an expired one instead).
        new CredentialStore(config.resolve("microenv")).save(api.url(),
                new StoredCredential(workload, "wt_1", null, "2025-06-01T11:59:00Z"));
        Result expired = cli().run("variables", "get", "--project-id", P, "--environment", "production");
        assertThat(expired.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(expired.err()).contains("expired at 2025-06-01T11:59:00Z").contains("microenv login");
        assertThat(api.requests()).hasSize(2);
    }

    @Test
    void theEnvironmentVariablesAloneSelectTheWorkloadLogin() throws Exception {
        Path jwt = work.resolve("token");
        Files.writeString(jwt, JWT);
        api.json("POST", "/v1/auth/oidc/login", 200, answer(Tokens.workloadToken()));

        Result login = cli().env("MICROENV_OIDC_TOKEN_FILE", jwt.toString()).env("MICROENV_OIDC_TRUST", "trust_k8s")
                .run("login", "--json");

        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out()).contains("\"trustId\" : \"trust_k8s\"").contains("\"projectId\" : \"" + P + "\"");
        assertThat(api.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v1/auth/oidc/login"));
    }

    @Test
    void aRefusedIdentityTokenIsAnAuthenticationFailureAndStoresNothing() throws Exception {
        Files.writeString(work.resolve("oidc.jwt"), JWT);
        api.problem("POST", "/v1/auth/oidc/login", 401, "Unauthorized", "The identity token was not accepted by this trust");

        Result login = cli().run("login", "--oidc-token-file", "oidc.jwt", "--trust", "trust_gh1");

        assertThat(login.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(login.err()).contains("not accepted by this trust").doesNotContain(JWT);
        assertThat(config.resolve("microenv").resolve(CredentialStore.FILE_NAME)).doesNotExist();
    }

    @Test
    void missingPartsAreUsageOrNotFoundErrorsWithoutARequest() throws Exception {
        Files.writeString(work.resolve("empty.jwt"), "");

        Result noTrust = cli().run("login", "--oidc-token-file", "oidc.jwt");
        Result noFile = cli().run("login", "--trust", "trust_gh1");
        Result missing = cli().run("login", "--oidc-token-file", "nope.jwt", "--trust", "trust_gh1");
        Result empty = cli().run("login", "--oidc-token-file", "empty.jwt", "--trust", "trust_gh1");
        Result ttl = cli().run("login", "--oidc-token-file", "empty.jwt", "--trust", "trust_gh1", "--ttl", "1h");

        assertThat(noTrust.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(ttl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aCliTokenInsteadOfAWorkloadTokenIsRefused() throws Exception {
        Files.writeString(work.resolve("oidc.jwt"), JWT);
        api.json("POST", "/v1/auth/oidc/login", 200, answer(Tokens.cliToken()));

        Result login = cli().run("login", "--oidc-token-file", "oidc.jwt", "--trust", "trust_gh1");

        assertThat(login.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(login.err()).contains("instead of a workload token");
    }

    @Test
    void logoutDeletesAWorkloadTokenLocallyWithoutAskingTheServer() {
        new CredentialStore(config.resolve("microenv")).save(api.url(),
                new StoredCredential(Tokens.workloadToken(), "wt_1", null, "2025-06-01T12:15:00Z"));

        Result logout = cli().run("logout");

        assertThat(logout.exitCode()).as(logout.err()).isZero();
        assertThat(logout.out()).contains("expires by itself at 2025-06-01T12:15:00Z");
        assertThat(api.requests()).isEmpty();
        assertThat(new CredentialStore(config.resolve("microenv")).find(api.url())).isEmpty();
    }

    @Test
    void aWorkloadTokenInMicroenvTokenIsPresentedAsItIs() {
        String workload = Tokens.workloadToken();
        api.json("GET", "/v1/me", 200, "{\"kind\":\"workload\",\"id\":\"trust_gh1\"}");

        Result whoami = cli().env("MICROENV_TOKEN", workload).run("whoami");

        assertThat(whoami.exitCode()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("credential: workload token menv_wt_");
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer " + workload);
    }
}
