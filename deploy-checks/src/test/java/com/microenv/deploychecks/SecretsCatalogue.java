package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** deploy/kubernetes/secrets/secrets.yaml: every Secret the platform provides, without values. */
final class SecretsCatalogue {

    private SecretsCatalogue() {
    }

    static Map<String, ObjectNode> secrets() {
        try {
            Map<String, ObjectNode> secrets = new LinkedHashMap<>();
            for (ObjectNode secret : Kustomize.parseDocuments(
                    Files.readString(Repository.path("deploy/kubernetes/secrets/secrets.yaml")))) {
                secrets.put(Rendered.name(secret), secret);
            }
            return secrets;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
