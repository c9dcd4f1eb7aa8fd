package com.microenv.secrets.service;

/** A permission an internal JWT can grant in its {@code menv_perms} claim. */
public enum Permission {
    READ("read"),
    WRITE("write"),
    ADMIN("admin");

    private final String claim;

    Permission(String claim) {
        this.claim = claim;
    }

    /** The value as it appears in the token. */
    public String claim() {
        return claim;
    }
}
