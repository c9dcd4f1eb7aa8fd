package com.microenv.secrets.service;

/**
 * An optimistic-concurrency condition on a variable's current version, from an {@code If-Match} header.
 *
 * @param mustExist       the variable must exist ({@code If-Match: *} or a version)
 * @param expectedVersion the version the caller last saw, or null for any
 */
public record Precondition(boolean mustExist, Long expectedVersion) {

    public static final Precondition NONE = new Precondition(false, null);
    public static final Precondition EXISTS = new Precondition(true, null);

    public static Precondition version(long version) {
        return new Precondition(true, version);
    }

    /** @param currentVersion the variable's current version, or null when it does not exist */
    public void check(Long currentVersion) {
        if (!mustExist) {
            return;
        }
        if (currentVersion == null) {
            throw ServiceException.preconditionFailed("If-Match was given but the variable does not exist", null);
        }
        if (expectedVersion != null && !expectedVersion.equals(currentVersion)) {
            throw ServiceException.preconditionFailed("If-Match names version " + expectedVersion
                    + " but the current version is " + currentVersion, currentVersion);
        }
    }
}
