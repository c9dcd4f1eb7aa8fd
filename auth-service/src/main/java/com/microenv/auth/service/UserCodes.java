package com.microenv.auth.service;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * Device-flow user codes: 8 characters from {@value #ALPHABET} (RFC 8628 §6.1: consonants only, so no
 * 0/O or 1/I/L confusion and no words), shown as {@code XXXX-XXXX}. Input is forgiving: case, dashes and
 * spaces are ignored.
 */
public final class UserCodes {

    /** 20 consonants: 8 characters carry 20^8 ≈ 2^34.6 possibilities. */
    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    public static final int LENGTH = 8;

    private UserCodes() {
    }

    /** A new code, normalised (no dash). */
    public static String generate(SecureRandom random) {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    /** {@code XXXX-XXXX}. */
    public static String display(String normalised) {
        return normalised.substring(0, 4) + "-" + normalised.substring(4);
    }

    /** The normalised code a person typed, or empty when it cannot be one. */
    public static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(code);
    }
}
