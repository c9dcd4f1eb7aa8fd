package com.microenv.cli.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DotenvTest {

    /** secrets-service's env format: NAME="value" with \\ \" \$ escaped and \n \r \t written as escapes. */
    static String render(Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        variables.forEach((name, value) -> {
            out.append(name).append("=\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '"' -> out.append("\\\"");
                    case '$' -> out.append("\\$");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(c);
                }
            }
            out.append("\"\n");
        });
        return out.toString();
    }

    @Provide
    Arbitrary<Map<String, String>> variables() {
        Arbitrary<String> names = Arbitraries.strings().withChars("ABCXYZ_0123").ofMinLength(1).ofMaxLength(8)
                .filter(Names::isVariableName);
        Arbitrary<String> values = Arbitraries.strings().withChars("aZ09 =#'\"\\$\n\r\t€ü").ofMaxLength(20);
        return Arbitraries.maps(names, values).ofMaxSize(6).map(LinkedHashMap::new);
    }

    @Property
    void whatTheApiRendersAsEnvReadsBackToTheSameValues(@ForAll("variables") Map<String, String> variables) {
        assertThat(Dotenv.parse(render(variables))).isEqualTo(variables);
    }

    @Test
    void readsTheUsualShapes() {
        String text = "# top\n\nexport A=1\nB = spaced value  # note\nC='lit $X \\n'\nD=\"multi\nline\"\nE=\r\nF=a#b\n";

        assertThat(Dotenv.parse(text)).containsExactly(Map.entry("A", "1"), Map.entry("B", "spaced value"),
                Map.entry("C", "lit $X \\n"), Map.entry("D", "multi\nline"), Map.entry("E", ""), Map.entry("F", "a#b"));
    }

    @Test
    void errorsNameTheLineButNotTheValue() {
        assertThatThrownBy(() -> Dotenv.parse("A=1\nB=\"s3cr3t")).hasMessage("line 2: a double-quoted value is not closed");
        assertThatThrownBy(() -> Dotenv.parse("A=1\njust-s3cr3t\n")).hasMessageStartingWith("line 2: expected NAME=VALUE");
    }
}
