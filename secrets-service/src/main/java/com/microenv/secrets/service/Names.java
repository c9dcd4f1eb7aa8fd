package com.microenv.secrets.service;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The naming and size rules of DESIGN.md; each check fails with a 4xx that says what the rule is. */
public final class Names {

    public static final int MAX_VARIABLE_NAME_LENGTH = 256;
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private static final Pattern VARIABLE_NAME = Pattern.compile("^[A-Z_][A-Z0-9_]*$");
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");

    private Names() {
    }

    public static boolean isVariableName(String name) {
        return name != null && name.length() <= MAX_VARIABLE_NAME_LENGTH && VARIABLE_NAME.matcher(name).matches();
    }

    public static boolean isEnvironmentName(String name) {
        return name != null && ENVIRONMENT_NAME.matcher(name).matches();
    }

    public static void requireVariableName(String name) {
        if (!isVariableName(name)) {
            throw ServiceException.validation("variable names must match ^[A-Z_][A-Z0-9_]*$ "
                    + "(upper-case letters, digits, underscores; not starting with a digit) and have at most "
                    + MAX_VARIABLE_NAME_LENGTH + " characters");
        }
    }

    public static void requireEnvironmentName(String name) {
        if (!isEnvironmentName(name)) {
            throw ServiceException.validation("environment names must match ^[a-z0-9][a-z0-9_-]{0,63}$ "
                    + "(lower-case letters, digits, '_' and '-'; at most 64 characters)");
        }
    }

    /** A value must be at most 64 KiB of UTF-8 and free of NUL characters, which no environment can hold. */
    public static void requireValue(String value) {
        if (value == null) {
            throw ServiceException.validation("\"value\" is required and must be a string");
        }
        if (value.length() > MAX_VALUE_BYTES || value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw ServiceException.payloadTooLarge("values are limited to " + MAX_VALUE_BYTES + " bytes of UTF-8");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ServiceException.validation("values must be valid Unicode: an unpaired surrogate cannot be stored");
            }
        }
        if (value.indexOf('\0') >= 0) {
            throw ServiceException.validation("values must not contain NUL characters: no environment can hold them");
        }
    }
}
