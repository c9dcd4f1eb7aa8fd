package com.microenv.e2e;

import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Well-formed credentials that no one issued, for checking that a valid shape alone opens nothing. */
final class TestKeys {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    static String wellFormedUnknownApiKey() {
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 38; i++) {
            random.append(BASE62.charAt(RANDOM.nextInt(62)));
        }
        CRC32 crc = new CRC32();
        crc.update(random.toString().getBytes(StandardCharsets.US_ASCII));
        return "menv_sk_" + random + base62(crc.getValue(), 6);
    }

    private static String base62(long value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
