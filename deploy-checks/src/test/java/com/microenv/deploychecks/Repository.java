package com.microenv.deploychecks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Paths in the repository this module belongs to. */
final class Repository {

    /** The four services, each a Maven module of the same name with an application.properties. */
    static final List<String> SERVICES = List.of("gateway", "auth-service", "secrets-service", "audit-service");

    /** Every overlay under deploy/kubernetes/overlays. */
    static final List<String> OVERLAYS = List.of("dev", "production");

    private static Path root;

    private Repository() {
    }

    static synchronized Path root() {
        if (root == null) {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
            }
            root = dir;
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static Path overlay(String name) {
        return path("deploy/kubernetes/overlays/" + name);
    }
}
