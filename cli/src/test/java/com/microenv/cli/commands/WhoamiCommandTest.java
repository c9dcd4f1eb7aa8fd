package com.microenv.cli.commands;

import com.microenv.cli.CliRunner;
import com.microenv.cli.CliRunner.Result;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.StubApi;
import com.microenv.cli.Tokens;
import com.microenv.cli.config.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WhoamiCommandTest {

    @TempDir
    Path config;

    @Test
    void showsTheMaskedCredentialAndWhatTheApiSaysAboutIt() throws Exception {
        String key = Tokens.apiKey();
        try (StubApi api = new StubApi()) {
            api.json("GET", "/v1/me", 200, "{\"id\":\"key_42\",\"kind\":\"api_key\",\"name\":\"ci\","
                    + "\"permissions\":[\"read\",\"write\"],\"project\":{\"id\":\"p1\"},\"expiresAt\":null}");

            Result result = new CliRunner(config).env("MICROENV_TOKEN", key).run("whoami", "--api-url", api.url());

            assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(result.out()).isEqualTo("""
                    api: %s
                    credential: API key %s (from MICROENV_TOKEN)
                    id: key_42
                    kind: api_key
                    name: ci
                    permissions: read, write
                    project: {"id":"p1"}
                    expiresAt: -
                    """.formatted(api.url(), Credential.mask(key)));
            assertThat(result.all()).doesNotContain(key);
            assertThat(api.requests()).singleElement()
                    .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + key));
        }
    }

    @Test
    void aRevokedCredentialIsExitCodeThree() throws Exception {
        try (StubApi api = new StubApi()) {
            api.problem("GET", "/v1/me", 401, "Unauthorized", "this CLI token was revoked");

            Result result = new CliRunner(config).env("MICROENV_TOKEN", Tokens.cliToken()).run("whoami", "--api-url", api.url());

            assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
            assertThat(result.err()).isEqualTo("error: 401 Unauthorized — this CLI token was revoked\n");
        }
    }
}
