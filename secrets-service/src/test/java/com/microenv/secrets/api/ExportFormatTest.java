package com.microenv.secrets.api;

import com.microenv.secrets.service.ServiceException;
import com.microenv.secrets.service.VariableSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportFormatTest {

    private static VariableSet set(Map<String, String> values) {
        return new VariableSet(UUID.randomUUID(), "production", new TreeMap<>(values));
    }

    @Test
    void envFormatQuotesAndEscapesEveryValue() {
        String body = (String) ExportFormat.ENV.render(set(Map.of(
                "B_PLAIN", "hello world",
                "A_TRICKY", "say \"hi\"\\ $HOME\nnext\tline")));

        assertThat(body).isEqualTo("A_TRICKY=\"say \\\"hi\\\"\\\\ \\$HOME\\nnext\\tline\"\nB_PLAIN=\"hello world\"\n");
    }

    @Property
    void envFormatReadsBackToTheSameValue(@ForAll String value) {
        String line = (String) ExportFormat.ENV.render(set(Map.of("KEY", value)));

        assertThat(line).endsWith("\"\n").startsWith("KEY=\"");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        assertThat(unescapeDotenv(line.substring(5, line.length() - 2))).isEqualTo(value);
    }

    @Test
    void yamlFormatWritesDoubleQuotedScalarsAndQuotesBooleanLikeNames() {
        String body = (String) ExportFormat.YAML.render(set(Map.of(
                "ON", "yes",
                "URL", "a: \"b\"\n\u0007")));

        assertThat(body).isEqualTo("\"ON\": \"yes\"\nURL: \"a: \\\"b\\\"\\n\\u0007\"\n");
    }

    @Test
    void dockerFormatWritesValuesLiterally() {
        String body = (String) ExportFormat.DOCKER.render(set(Map.of("A", "x=\"y\" $z", "B", "")));

        assertThat(body).isEqualTo("A=x=\"y\" $z\nB=\n");
    }

    @Test
    void dockerFormatRefusesLineBreaksNamingTheVariablesButNotTheValues() {
        assertThatThrownBy(() -> ExportFormat.DOCKER.render(set(Map.of("CERT", "-----BEGIN\nsecret-body", "OK", "1"))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("CERT")
                .hasMessageNotContaining("secret-body")
                .hasMessageNotContaining("OK");
    }

    @Test
    void jsonFormatIsTheSeedsShape() {
        VariableSet set = set(Map.of("A", "1"));
        assertThat(ExportFormat.JSON.render(set))
                .isEqualTo(new VariablesResponse(set.projectId().toString(), "production", Map.of("A", "1")));
    }

    @Test
    void formatIsJsonByDefaultAndUnknownFormatsAreRefused() {
        assertThat(ExportFormat.parse(null)).isEqualTo(ExportFormat.JSON);
        assertThat(ExportFormat.parse("YAML")).isEqualTo(ExportFormat.YAML);
        assertThatThrownBy(() -> ExportFormat.parse("xml")).isInstanceOf(ServiceException.class);
    }

    /** The dotenv reading rules the env format promises (docker compose, godotenv). */
    private static String unescapeDotenv(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                char next = quoted.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                assertThat(c).as("unescaped quote inside the value").isNotEqualTo('"');
                out.append(c);
            }
        }
        return out.toString();
    }
}
