package com.microenv.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** What the container path decides without a Docker engine; starting the containers needs one. */
class ContainerInfraTest {

    private static final Path ROOT = LocalInfra.repositoryRoot();

    @Test
    void settingsHaveExactlyTheNamesTheStackWritesToInfraEnv() throws Exception {
        Map<String, String> settings = sampleSettings();

        assertThat(settings.keySet()).containsExactlyInAnyOrderElementsOf(infraEnvNamesWrittenByTheStack());
        assertThat(settings).doesNotContainValue(null).allSatisfy((name, value) -> assertThat(value).isNotBlank());
    }

    @Test
    void settingsPointAtTheContainersAndUseTheStacksFixedValues() {
        Map<String, String> settings = sampleSettings();

        assertThat(settings)
                .containsEntry("MICROENV_PG_HOST", "localhost")
                .containsEntry("MICROENV_PG_PORT", "32768")
                .containsEntry("MICROENV_KAFKA_BOOTSTRAP", "localhost:32769")
                .containsEntry("MICROENV_KEYCLOAK_URL", "http://localhost:40123")
                .containsEntry("MICROENV_KEYCLOAK_REALM", "microenv")
                .containsEntry("MICROENV_DEMO_USER", "demo@microenv.local")
                .containsEntry("MICROENV_KEYCLOAK_ADMIN_USERNAME", "admin");
    }

    @Test
    void secretsAreFreshEachTimeAndShapedLikeTheStacks() {
        SecureRandom random = new SecureRandom();
        Map<String, String> first = ContainerInfra.randomSecrets(random);
        Map<String, String> second = ContainerInfra.randomSecrets(random);

        first.forEach((name, value) -> {
            assertThat(second.get(name)).as(name).isNotEqualTo(value);
            if (name.equals("MICROENV_KEK") || name.equals("MICROENV_AUDIT_SIGNING_KEY")) {
                assertThat(Base64.getDecoder().decode(value)).as(name).hasSize(32);
            } else {
                assertThat(value).as(name).matches("[A-Za-z0-9]{32}");
            }
        });
    }

    @Test
    void everyPlaceholderOfTheRealmFileHasAValueInKeycloaksEnvironment() throws Exception {
        String realm = Files.readString(ROOT.resolve(ContainerInfra.REALM_FILE), StandardCharsets.UTF_8);
        Set<String> placeholders = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[}:]").matcher(realm);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        Map<String, String> secrets = ContainerInfra.randomSecrets(new SecureRandom());

        assertThat(placeholders).isNotEmpty();
        Map<String, String> env = ContainerInfra.keycloakEnv(secrets, "http://localhost:40123");
        // Keys only in failure messages: the values are (random) secrets.
        assertThat(env.keySet()).containsAll(placeholders);
        assertThat(env)
                .containsEntry("KC_DB", "postgres")
                .containsEntry("KC_DB_USERNAME", "keycloak")
                .containsEntry("KC_DB_PASSWORD", secrets.get("MICROENV_KEYCLOAK_DB_PASSWORD"))
                .containsEntry("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .containsEntry("KC_BOOTSTRAP_ADMIN_PASSWORD", secrets.get("MICROENV_KEYCLOAK_ADMIN_PASSWORD"));
    }

    @Test
    void keycloakImportsTheRealmAndIssuesTokensForTheUrlTheTestsUse() {
        assertThat(ContainerInfra.keycloakCommand("http://localhost:40123"))
                .containsExactly("start-dev", "--import-realm", "--hostname=http://localhost:40123");
    }

    @Test
    void databaseSetupCreatesTheStacksRolesAndDatabases() {
        Map<String, String> secrets = ContainerInfra.randomSecrets(new SecureRandom());

        String sql = ContainerInfra.databaseSetupSql(secrets);

        for (String db : List.of("microenv_auth", "microenv_secrets", "microenv_audit", "keycloak")) {
            assertThat(sql)
                    .contains("CREATE ROLE " + db + " WITH LOGIN NOSUPERUSER")
                    .contains("CREATE DATABASE " + db + " OWNER " + db + ";")
                    .contains("REVOKE CONNECT, TEMPORARY ON DATABASE " + db + " FROM PUBLIC;")
                    .contains("GRANT CONNECT, TEMPORARY ON DATABASE " + db + " TO " + db + ";");
        }
        assertThat(sql)
                .contains("CREATE ROLE microenv_audit_app WITH LOGIN NOSUPERUSER")
                .contains("GRANT CONNECT ON DATABASE microenv_audit TO microenv_audit_app;")
                .contains("PASSWORD '" + secrets.get("MICROENV_AUDIT_APP_DB_PASSWORD") + "'")
                .contains("PASSWORD '" + secrets.get("MICROENV_KEYCLOAK_DB_PASSWORD") + "'");
        assertThat(sql.indexOf("CREATE ROLE keycloak")).isLessThan(sql.indexOf("CREATE DATABASE"));
    }

    @Test
    void topicsAreTheStacksWithTheSamePartitionCounts() throws Exception {
        String stack = Files.readString(ROOT.resolve(LocalInfra.STACK), StandardCharsets.UTF_8);
        Matcher line = Pattern.compile("(?m)^KAFKA_TOPICS=\\((.*)\\)$").matcher(stack);
        assertThat(line.find()).as("KAFKA_TOPICS in " + LocalInfra.STACK).isTrue();
        Map<String, Integer> stackTopics = new LinkedHashMap<>();
        Matcher topic = Pattern.compile("\"([^\":]+):(\\d+)\"").matcher(line.group(1));
        while (topic.find()) {
            stackTopics.put(topic.group(1), Integer.parseInt(topic.group(2)));
        }

        assertThat(ContainerInfra.TOPICS)
                .containsExactlyEntriesOf(stackTopics)
                .containsEntry("microenv.audit.v1", 6)
                .containsEntry("microenv.credentials.v1", 3);
    }

    @Test
    void containersWithoutADockerEngineFailSayingSo() {
        Assumptions.assumeFalse(DockerClientFactory.instance().isDockerAvailable(),
                "a Docker engine is reachable here: the container path would start containers");

        assertThatThrownBy(() -> LocalInfra.settings("containers"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICROENV_TEST_INFRA=containers needs a Docker engine")
                .hasMessageContaining("unset MICROENV_TEST_INFRA");
    }

    private static Map<String, String> sampleSettings() {
        return ContainerInfra.settings("localhost", 32768, "localhost:32769", "http://localhost:40123",
                ContainerInfra.randomSecrets(new SecureRandom()));
    }

    /** Where the stack writes infra.env (its parts live in deploy/local/lib/, sourced by the script). */
    private static final String INFRA_ENV_PART = "deploy/local/lib/common.sh";

    /** The names in the heredoc of write_infra_env in deploy/local/lib/common.sh: what infra.env holds. */
    private static Set<String> infraEnvNamesWrittenByTheStack() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve(INFRA_ENV_PART), StandardCharsets.UTF_8);
        int function = lines.indexOf("write_infra_env() {");
        assertThat(function).as("write_infra_env in " + INFRA_ENV_PART).isNotNegative();
        Set<String> names = new LinkedHashSet<>();
        boolean inHeredoc = false;
        for (String line : lines.subList(function, lines.size())) {
            if (!inHeredoc) {
                inHeredoc = line.contains("<<EOF");
            } else if (line.equals("EOF")) {
                break;
            } else if (!line.startsWith("#")) {
                names.add(line.substring(0, line.indexOf('=')));
            }
        }
        // The names docs/contracts.md lists, so a parse that found nothing cannot pass.
        assertThat(names).contains("MICROENV_PG_HOST", "MICROENV_PG_PORT", "MICROENV_KAFKA_BOOTSTRAP",
                "MICROENV_KEYCLOAK_URL", "MICROENV_KEK", "MICROENV_DEMO_PASSWORD", "MICROENV_KEYCLOAK_DB_PASSWORD");
        return names;
    }
}
