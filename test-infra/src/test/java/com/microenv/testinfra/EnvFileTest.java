package com.microenv.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    @Test
    void readsTheAssignmentsTheStackWrites() {
        var values = EnvFile.parse(List.of(
                "# Written by deploy/local/stack.",
                "MICROENV_PG_HOST=127.0.0.1",
                "MICROENV_PG_PORT=5433",
                "MICROENV_KEK=q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ+/8=",
                "MICROENV_KEYCLOAK_URL=http://127.0.0.1:8180",
                "MICROENV_DEMO_USER=demo@microenv.local"));

        assertThat(values).containsExactly(
                entry("MICROENV_PG_HOST", "127.0.0.1"),
                entry("MICROENV_PG_PORT", "5433"),
                entry("MICROENV_KEK", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ+/8="),
                entry("MICROENV_KEYCLOAK_URL", "http://127.0.0.1:8180"),
                entry("MICROENV_DEMO_USER", "demo@microenv.local"));
    }

    @Test
    void skipsBlankLinesCommentsAndTheExportKeyword() {
        var values = EnvFile.parse(List.of("", "   ", "# comment", "export A=1", "  export\tB=2  ", "C=3 # trailing"));

        assertThat(values).containsExactly(entry("A", "1"), entry("B", "2"), entry("C", "3"));
    }

    @Test
    void unquotesValuesLikeAShell() {
        var values = EnvFile.parse(List.of(
                "SINGLE='a b $HOME \\n'",
                "DOUBLE=\"say \\\"hi\\\" \\\\ \\$x\"",
                "MIXED='it'\\''s'\" ok\"",
                "ESCAPED=a\\ b",
                "EMPTY=",
                "EMPTY_QUOTES=''",
                "EQUALS=a=b=c"));

        assertThat(values).containsExactly(
                entry("SINGLE", "a b $HOME \\n"),
                entry("DOUBLE", "say \"hi\" \\ $x"),
                entry("MIXED", "it's ok"),
                entry("ESCAPED", "a b"),
                entry("EMPTY", ""),
                entry("EMPTY_QUOTES", ""),
                entry("EQUALS", "a=b=c"));
    }

    @Test
    void laterAssignmentsWin() {
        assertThat(EnvFile.parse(List.of("A=1", "A=2"))).containsExactly(entry("A", "2"));
    }

    @Test
    void rejectsLinesThatAreNoAssignmentWithoutEchoingThem() {
        assertThatThrownBy(() -> EnvFile.parse(List.of("A=1", "not-an-assignment s3cr3t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> EnvFile.parse(List.of("1A=x")))
                .hasMessageContaining("line 1");
    }

    @Test
    void rejectsBrokenValuesNamingTheVariableButNotTheValue() {
        assertThatThrownBy(() -> EnvFile.parse(List.of("PASSWORD='s3cr3t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PASSWORD")
                .hasMessageContaining("unterminated")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> EnvFile.parse(List.of("PASSWORD=s3cr3t more")))
                .hasMessageContaining("PASSWORD")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("infra.env"), "A=1\nB='two words'\n");

        assertThat(EnvFile.read(file)).containsExactly(entry("A", "1"), entry("B", "two words"));
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
