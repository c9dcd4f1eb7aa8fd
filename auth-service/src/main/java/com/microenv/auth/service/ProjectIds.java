package com.microenv.auth.service;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Project ids are UUIDs in canonical lower-case form; anything else names no project. */
public final class ProjectIds {

    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private ProjectIds() {
    }

    /** The UUID when {@code text} is a canonical UUID string (upper-case hex accepted). */
    public static Optional<UUID> parse(String text) {
        if (text == null || !CANONICAL.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text));
    }

    /** The UUID, or a 404 problem: a malformed id cannot name an existing project (and is not echoed). */
    public static UUID require(String text) {
        return parse(text).orElseThrow(() -> ServiceException.notFound("No such project (project ids are UUIDs)"));
    }
}
