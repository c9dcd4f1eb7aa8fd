package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source of truth for the realm: deploy/kubernetes/base/keycloak/realm-import.generated.yaml is
 * deploy/keycloak/microenv-realm.json (what deploy/local imports) wrapped in a KeycloakRealmImport, its
 * {@code ${MICROENV_...}} placeholders resolved by the operator from the Secrets named in {@link #PLACEHOLDERS}.
 * Run with {@code -Dmicroenv.regenerate=true} to rewrite the file after changing the realm.
 */
class RealmImportIsGeneratedFromTheRealmFileTest {

    static final Path REALM = Repository.path("deploy/keycloak/microenv-realm.json");
    static final Path GENERATED = Repository.path("deploy/kubernetes/base/keycloak/realm-import.generated.yaml");

    /** Placeholder in the realm file -> Secret name and key it comes from in a cluster. */
    static final Map<String, String[]> PLACEHOLDERS = Map.of(
            "MICROENV_DASHBOARD_CLIENT_SECRET", new String[] {"microenv-keycloak-clients", "dashboard-client-secret"},
            "MICROENV_GATEWAY_CLIENT_SECRET", new String[] {"microenv-keycloak-clients", "gateway-client-secret"},
            "MICROENV_DEMO_PASSWORD", new String[] {"microenv-demo-user", "password"});

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    @Test
    void theCommittedRealmImportIsTheRealmFileWrappedForTheOperator() throws IOException {
        String expected = generate();
        if (Boolean.getBoolean("microenv.regenerate")) {
            Files.writeString(GENERATED, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(GENERATED)).as(GENERATED + " exists").isTrue();
        JsonNode committed = Kustomize.YAML.readTree(Files.readString(GENERATED));
        assertThat(committed)
                .as(GENERATED + " differs from what " + REALM + " gives; regenerate it: ./mvnw -B -q -pl deploy-checks"
                        + " verify -Dtest=RealmImportIsGeneratedFromTheRealmFileTest -Dmicroenv.regenerate=true")
                .isEqualTo(Kustomize.YAML.readTree(expected));
    }

    @Test
    void everyPlaceholderOfTheRealmFileComesFromANamedSecret() throws IOException {
        TreeSet<String> used = placeholders(clusterRealm().toString());
        assertThat(PLACEHOLDERS.keySet())
                .as("placeholders of " + REALM + " need a Secret in " + getClass().getSimpleName() + ".PLACEHOLDERS")
                .containsAll(used);
    }

    /**
     * deploy/keycloak holds local TEST realms next to the product realm (acme-realm.json plays an outside company's
     * identity provider, acme-ci-realm.json an outside CI issuer): the production overlay imports the product
     * realm only, and nothing in it points at a test realm (an identity provider brokering to one, say).
     */
    @Test
    void productionImportsTheProductRealmAndNoTestRealm() throws IOException {
        TreeSet<String> testRealms = new TreeSet<>();
        try (var files = Files.list(REALM.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-realm.json")).toList()) {
                if (!file.equals(REALM)) {
                    testRealms.add(new ObjectMapper().readTree(file.toFile()).path("realm").asText());
                }
            }
        }
        String productRealm = new ObjectMapper().readTree(REALM.toFile()).path("realm").asText();
        Rendered production = Rendered.overlay("production");
        assertThat(production.ofKind("KeycloakRealmImport")).extracting(d -> d.path("spec").path("realm").path("realm").asText())
                .as("production imports exactly the product realm " + productRealm).containsExactly(productRealm);
        JsonNode realm = production.get("KeycloakRealmImport", "microenv-realm").path("spec").path("realm");
        assertThat(realm.has("users")).as("no (demo) users in the production realm").isFalse();
        String text = realm.toString();
        for (String test : testRealms) {
            assertThat(text).as("the production realm refers to the test realm " + test)
                    .doesNotContain("/realms/" + test + "/").doesNotContain("/realms/" + test + "\"");
        }
        for (String overlay : Repository.OVERLAYS) {
            List<String> imported = Rendered.overlay(overlay).ofKind("KeycloakRealmImport").stream()
                    .map(d -> d.path("spec").path("realm").path("realm").asText()).toList();
            assertThat(imported).as(overlay + ": imports a test realm of " + testRealms)
                    .noneMatch(testRealms::contains);
        }
    }

    /**
     * The realm as a cluster gets it: without the identity providers of the local file, which broker the local
     * stand-in company realm {@code acme} (deploy/keycloak/acme-realm.json); a cluster configures its own
     * providers (docs/sso.md).
     */
    static ObjectNode clusterRealm() throws IOException {
        ObjectNode realm = (ObjectNode) new ObjectMapper().readTree(Files.readString(REALM));
        realm.remove("identityProviders");
        realm.remove("identityProviderMappers");
        return realm;
    }

    static String generate() throws IOException {
        JsonNode realm = clusterRealm();
        String realmText = realm.toString();
        ObjectNode document = Kustomize.YAML.createObjectNode();
        document.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        document.put("kind", "KeycloakRealmImport");
        document.putObject("metadata").put("name", "microenv-realm");
        ObjectNode spec = document.putObject("spec");
        spec.put("keycloakCRName", "microenv-keycloak");
        ObjectNode placeholders = spec.putObject("placeholders");
        for (String name : placeholders(realmText)) {
            String[] secret = PLACEHOLDERS.get(name);
            if (secret == null) {
                continue;
            }
            placeholders.putObject(name).putObject("secret").put("name", secret[0]).put("key", secret[1]);
        }
        spec.set("realm", realm);
        return "# GENERATED from deploy/keycloak/microenv-realm.json by deploy-checks'\n"
                + "# RealmImportIsGeneratedFromTheRealmFileTest: do not edit; change the realm file and regenerate.\n"
                + Kustomize.YAML.writeValueAsString(document).replaceFirst("^---\n", "");
    }

    private static TreeSet<String> placeholders(String text) {
        TreeSet<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
