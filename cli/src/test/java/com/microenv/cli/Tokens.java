package com.microenv.cli;

import com.microenv.cli.config.TokenChecksum;

import java.security.SecureRandom;

/** Well-formed API keys and CLI tokens for tests. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String apiKey() {
        return "menv_sk_" + body(random38());
    }

    public static String cliToken() {
        return "menv_ct_" + body(random38());
    }

    public static String body(String random38) {
        return random38 + TokenChecksum.of(random38);
    }

    private static String random38() {
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 38; i++) {
            random.append(TokenChecksum.BASE62.charAt(RANDOM.nextInt(62)));
        }
        return random.toString();
    }
}
