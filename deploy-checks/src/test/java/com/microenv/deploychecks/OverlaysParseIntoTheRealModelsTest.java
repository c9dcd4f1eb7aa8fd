package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl kustomize renders each overlay, and every object in it parses into its real model without loss. */
class OverlaysParseIntoTheRealModelsTest {

    static final List<String> OVERLAYS = Repository.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedObjectParsesWithoutUnknownFieldsOrWrongTypes(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertThat(rendered.documents()).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (ObjectNode document : rendered.documents()) {
            problems.addAll(StrictModels.problems(document));
        }
        assertThat(problems).as(overlay + ":" + StrictModels.describe(problems)).isEmpty();
    }

    @Test
    void theStrictParsingRefusesAMisspeltFieldAWrongTypeAndAnUnknownKind() {
        List<ObjectNode> broken = Kustomize.parseDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: "2"
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinessProbes: {}
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replica: 3}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: "3", storage: {sise: 1Gi}}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """);
        assertThat(StrictModels.problems(broken.get(0))).anySatisfy(p -> assertThat(p).contains("replicas"));
        assertThat(StrictModels.problems(broken.get(0))).anySatisfy(p -> assertThat(p).contains("readinessProbes"));
        assertThat(StrictModels.problems(broken.get(1))).anySatisfy(p -> assertThat(p).contains("replica"));
        assertThat(StrictModels.problems(broken.get(2))).anySatisfy(p -> assertThat(p).contains("instances"));
        assertThat(StrictModels.problems(broken.get(2))).anySatisfy(p -> assertThat(p).contains("sise"));
        assertThat(StrictModels.problems(broken.get(3))).anySatisfy(p -> assertThat(p).contains("no model"));
    }
}
