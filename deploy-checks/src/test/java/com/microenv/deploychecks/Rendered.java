package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One rendered overlay: its documents, looked up by kind and name. */
record Rendered(String overlay, List<ObjectNode> documents) {

    static Rendered overlay(String name) {
        return new Rendered(name, Kustomize.render(Repository.overlay(name)));
    }

    List<ObjectNode> ofKind(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).collect(Collectors.toList());
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name(d).equals(name)).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    <T> T typed(String kind, String name, Class<T> type) {
        return StrictModels.typed(get(kind, name), type);
    }

    <T> List<T> typedAll(String kind, Class<T> type) {
        return ofKind(kind).stream().map(d -> StrictModels.typed(d, type)).collect(Collectors.toList());
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }
}
