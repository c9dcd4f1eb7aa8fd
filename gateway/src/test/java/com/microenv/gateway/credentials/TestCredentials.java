package com.microenv.gateway.credentials;

import com.microenv.credential.CredentialFormat;

import java.security.SecureRandom;

/** Well-formed MicroENV credentials for tests. */
public final class TestCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCredentials() {
    }

    public static String apiKey() {
        return CredentialFormat.newCredential(CredentialFormat.Kind.API_KEY, RANDOM);
    }

    public static String cliToken() {
        return CredentialFormat.newCredential(CredentialFormat.Kind.CLI_TOKEN, RANDOM);
    }

    public static String workloadToken() {
        return CredentialFormat.newCredential(CredentialFormat.Kind.WORKLOAD_TOKEN, RANDOM);
    }

    /** The same key with its last checksum character changed. */
    public static String withBadChecksum(String credential) {
        char last = credential.charAt(credential.length() - 1);
        return credential.substring(0, credential.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
