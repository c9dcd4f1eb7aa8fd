package com.microenv.gateway.credentials;

import java.security.SecureRandom;

/** Well-formed MicroENV credentials for tests. */
public final class TestCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCredentials() {
    }

    public static String apiKey() {
        return MicroenvTokenFormat.API_KEY_PREFIX + body();
    }

    public static String cliToken() {
        return MicroenvTokenFormat.CLI_TOKEN_PREFIX + body();
    }

    /** The same key with its last checksum character changed. */
    public static String withBadChecksum(String credential) {
        char last = credential.charAt(credential.length() - 1);
        return credential.substring(0, credential.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static String body() {
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < MicroenvTokenFormat.RANDOM_LENGTH; i++) {
            random.append(MicroenvTokenFormat.BASE62.charAt(RANDOM.nextInt(62)));
        }
        return random + MicroenvTokenFormat.checksum(random.toString());
    }
}
