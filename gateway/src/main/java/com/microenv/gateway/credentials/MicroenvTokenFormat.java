package com.microenv.gateway.credentials;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The shape of MicroENV's own secrets: {@code menv_sk_} (API key) or {@code menv_ct_} (CLI token), then 38 base62
 * random characters, then a 6-character base62 checksum. The checksum lets the gateway (and secret scanners) reject a
 * mistyped or invented credential without a lookup.
 *
 * <p>Checksum: CRC32 of the UTF-8 bytes of the 38-character random part, written in base62 (alphabet
 * {@code 0-9A-Za-z}, most significant digit first), left-padded with '0' to 6 characters. auth-service issues
 * credentials with the same definition; this class is the gateway's only copy of it.
 */
public final class MicroenvTokenFormat {

    public static final String API_KEY_PREFIX = "menv_sk_";
    public static final String CLI_TOKEN_PREFIX = "menv_ct_";
    public static final int RANDOM_LENGTH = 38;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = API_KEY_PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private MicroenvTokenFormat() {
    }

    /** The checksum that belongs after {@code randomPart}. */
    public static String checksum(String randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    /** Whether {@code body} (the credential without its 8-character prefix) is 44 base62 characters with a matching checksum. */
    public static boolean hasValidBody(String body) {
        if (body.length() != RANDOM_LENGTH + CHECKSUM_LENGTH || !isBase62(body)) {
            return false;
        }
        String random = body.substring(0, RANDOM_LENGTH);
        return checksum(random).equals(body.substring(RANDOM_LENGTH));
    }

    static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
