package com.microenv.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfraTest {

    @Test
    void findsTheRepositoryRootFromAModuleFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("deploy/local"));
        Files.writeString(dir.resolve(LocalInfra.STACK), "#!/bin/sh\n");
        Path module = Files.createDirectories(dir.resolve("auth-service/target"));

        assertThat(LocalInfra.repoRoot(module)).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void failsClearlyOutsideTheRepository(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalInfra.repoRoot(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deploy/local/stack");
    }

    @Test
    void honoursMicroenvHome() {
        Path root = Path.of("/repo");

        assertThat(LocalInfra.microenvHome(root, null)).isEqualTo(Path.of("/repo/.microenv"));
        assertThat(LocalInfra.microenvHome(root, " ")).isEqualTo(Path.of("/repo/.microenv"));
        assertThat(LocalInfra.microenvHome(root, "/tmp/elsewhere")).isEqualTo(Path.of("/tmp/elsewhere"));
    }

    @Test
    void failureMessageLeadsWithTheStacksErrorAndKeepsItsOutput() {
        String message = LocalInfra.failureMessage(1, List.of(
                "[stack] postgres already running",
                "[stack] ERROR: keycloak did not become ready within 420s",
                "    last log line"));

        assertThat(message)
                .startsWith("deploy/local/stack up --infra-only failed (exit 1): [stack] ERROR: keycloak did not become ready")
                .contains("    last log line");
    }

    @Test
    void modeIsLocalUnlessContainersAreAskedFor() {
        assertThat(LocalInfra.mode(null)).isEqualTo(LocalInfra.Mode.LOCAL);
        assertThat(LocalInfra.mode("")).isEqualTo(LocalInfra.Mode.LOCAL);
        assertThat(LocalInfra.mode(" ")).isEqualTo(LocalInfra.Mode.LOCAL);
        assertThat(LocalInfra.mode("local")).isEqualTo(LocalInfra.Mode.LOCAL);
        assertThat(LocalInfra.mode("containers")).isEqualTo(LocalInfra.Mode.CONTAINERS);
        assertThat(LocalInfra.mode(" containers\n")).isEqualTo(LocalInfra.Mode.CONTAINERS);
    }

    @Test
    void anUnknownModeFailsNamingTheVariableAndTheChoices() {
        assertThatThrownBy(() -> LocalInfra.settings("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MICROENV_TEST_INFRA='docker' is not supported")
                .hasMessageContaining("'local'")
                .hasMessageContaining("'containers'");
        assertThatThrownBy(() -> LocalInfra.mode("Containers")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Against the real stack: brings it up (or reuses it) and reads its settings. */
    @Test
    void settingsDescribeTheRunningInfrastructure() throws Exception {
        var settings = LocalInfra.settings();

        assertThat(settings).containsKeys(
                "MICROENV_PG_HOST", "MICROENV_PG_PORT", "MICROENV_AUTH_DB_PASSWORD", "MICROENV_SECRETS_DB_PASSWORD",
                "MICROENV_AUDIT_DB_PASSWORD", "MICROENV_AUDIT_APP_DB_PASSWORD", "MICROENV_KAFKA_BOOTSTRAP",
                "MICROENV_KEYCLOAK_URL", "MICROENV_KEYCLOAK_REALM", "MICROENV_GATEWAY_CLIENT_SECRET",
                "MICROENV_DASHBOARD_CLIENT_SECRET", "MICROENV_KEK", "MICROENV_DEMO_USER", "MICROENV_DEMO_PASSWORD");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.get("MICROENV_PG_HOST"),
                    Integer.parseInt(settings.get("MICROENV_PG_PORT"))), 2000);
        }
        assertThat(new LocalInfra().start()).isEqualTo(settings);
    }
}
