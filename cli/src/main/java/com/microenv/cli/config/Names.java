package com.microenv.cli.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** The naming rules of the public API (DESIGN.md), checked before a request is sent. */
public final class Names {

    public static final int VARIABLE_MAX_LENGTH = 256;

    private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    // Project ids are UUIDs today; the CLI only insists on a safe URL path segment so it need not change with them.
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private Names() {
    }

    /** Why {@code name} is not a valid variable name, or empty when it is. */
    public static Optional<String> variableNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a variable name must not be empty");
        }
        if (name.length() > VARIABLE_MAX_LENGTH) {
            return Optional.of("variable name " + quoted(name) + " is longer than " + VARIABLE_MAX_LENGTH + " characters");
        }
        if (!VARIABLE.matcher(name).matches()) {
            return Optional.of("invalid variable name " + quoted(name)
                    + ": use upper-case letters A-Z, digits and '_', not starting with a digit");
        }
        return Optional.empty();
    }

    /** Why {@code name} is not a valid environment name, or empty when it is. */
    public static Optional<String> environmentNameProblem(String name) {
        if (name == null || !ENVIRONMENT.matcher(name).matches()) {
            return Optional.of("invalid environment name " + quoted(name)
                    + ": use 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    /** Why {@code id} is not a usable project id, or empty when it is. */
    public static Optional<String> projectIdProblem(String id) {
        if (id == null || !PROJECT_ID.matcher(id).matches()) {
            return Optional.of("invalid project id " + quoted(id) + ": expected an id like 3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93");
        }
        return Optional.empty();
    }

    public static boolean isVariableName(String name) {
        return variableNameProblem(name).isEmpty();
    }

    public static boolean isEnvironmentName(String name) {
        return environmentNameProblem(name).isEmpty();
    }

    // Names are not secret, but a mistyped one can be anything: keep it short and on one line.
    private static String quoted(String text) {
        if (text == null) {
            return "''";
        }
        String printable = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return "'" + (printable.length() > 80 ? printable.substring(0, 77) + "..." : printable) + "'";
    }
}
