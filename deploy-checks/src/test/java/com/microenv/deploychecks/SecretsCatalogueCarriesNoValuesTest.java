package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsCatalogueCarriesNoValuesTest {

    @Test
    void everyListedSecretNamesItsKeysAndCarriesNoValue() {
        List<String> problems = new ArrayList<>();
        for (ObjectNode secret : SecretsCatalogue.secrets().values()) {
            problems.addAll(StrictModels.problems(secret));
            String name = Rendered.name(secret);
            assertThat(secret.has("data")).as(name + " has no data").isFalse();
            assertThat(secret.path("stringData").size()).as(name + " names its keys").isPositive();
            secret.path("stringData").fields().forEachRemaining(f -> {
                if (!f.getValue().asText().isEmpty()) {
                    problems.add(name + "." + f.getKey() + " carries a value");
                }
            });
            assertThat(secret.path("metadata").path("annotations").path("microenv.dev/overlays").asText())
                    .as(name + " says which overlays use it").isNotBlank();
        }
        assertThat(problems).as(StrictModels.describe(problems)).isEmpty();
    }
}
