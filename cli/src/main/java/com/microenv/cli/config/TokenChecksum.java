package com.microenv.cli.config;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The checksum at the end of API keys and CLI tokens. Assumed to be CRC32 over the UTF-8 bytes of the 38-character
 * random part, in base62 (0-9A-Za-z) left-padded with '0' to 6 characters; should auth-service define it otherwise,
 * {@link #of(String)} is the one place to change.
 */
public final class TokenChecksum {

    public static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final int LENGTH = 6;

    private TokenChecksum() {
    }

    /** The 6-character checksum of a token's random part. */
    public static String of(String randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.getBytes(StandardCharsets.UTF_8));
        return base62(crc.getValue(), LENGTH);
    }

    static String base62(long value, int width) {
        char[] digits = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (rest % 62));
            rest /= 62;
        }
        if (rest != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " base62 digits");
        }
        return new String(digits);
    }
}
