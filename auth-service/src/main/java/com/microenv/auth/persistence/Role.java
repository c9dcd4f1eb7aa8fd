package com.microenv.auth.persistence;

import java.util.List;

/** A member's role in a project, stored in lower case, and the permissions it grants (docs/contracts.md). */
public enum Role {
    owner(List.of("read", "write", "admin")),
    admin(List.of("read", "write", "admin")),
    developer(List.of("read", "write")),
    viewer(List.of("read"));

    private final List<String> permissions;

    Role(List<String> permissions) {
        this.permissions = permissions;
    }

    public List<String> permissions() {
        return permissions;
    }
}
