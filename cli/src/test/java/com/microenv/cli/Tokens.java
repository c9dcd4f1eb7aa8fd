package com.microenv.cli;

import com.microenv.credential.CredentialFormat;

import java.security.SecureRandom;

/** Well-formed API keys and CLI tokens for tests. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String apiKey() {
        return CredentialFormat.newCredential(CredentialFormat.Kind.API_KEY, RANDOM);
    }

    public static String workloadToken() {
        return CredentialFormat.newCredential(CredentialFormat.Kind.WORKLOAD_TOKEN, RANDOM);
    }

    public static String cliToken() {
        return CredentialFormat.newCredential(CredentialFormat.Kind.CLI_TOKEN, RANDOM);
    }
}
