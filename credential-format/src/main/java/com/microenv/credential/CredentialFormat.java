package com.microenv.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The format of MicroENV API keys and CLI tokens, and the checksum that lets anyone reject a mistyped
 * or fabricated credential without a lookup.
 *
 * <p>A credential is {@code PREFIX + RANDOM + CHECKSUM}, exactly 52 ASCII characters:
 * <ul>
 *   <li>{@code PREFIX}: {@code menv_sk_} (API key), {@code menv_ct_} (CLI token) or {@code menv_wt_}
 *       (workload token: short-lived, from an OIDC trust login), 8 characters;</li>
 *   <li>{@code RANDOM}: 38 characters, each drawn uniformly by {@link SecureRandom} from the base62
 *       alphabet {@value #ALPHABET} (about 226 bits);</li>
 *   <li>{@code CHECKSUM}: 6 characters: the CRC-32 (IEEE 802.3 polynomial, as {@link CRC32} computes it)
 *       of the 38 US-ASCII bytes of {@code RANDOM} only (the prefix is not checksummed), taken as an
 *       unsigned 32-bit number and written in base62 with the same alphabet, most significant digit
 *       first, left-padded with {@code 0} to 6 digits (62^6 &gt; 2^32, so it always fits).</li>
 * </ul>
 * Example: for {@code RANDOM} = 38 times {@code 0}, the CRC-32 is {@code 0x75A9EEF5} = 1974071029,
 * written {@code 29b03J}, so the API key is {@code menv_sk_00000000000000000000000000000000000000029b03J}
 * (more vectors in {@code CredentialFormatTest}).
 *
 * <p>The single implementation: auth-service issues and checks credentials with it, the gateway and the CLI
 * reject malformed ones with it before any lookup.
 */
public final class CredentialFormat {

    /** Base62 digits in ascending value: 0-9, A-Z, a-z. */
    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final String API_KEY_PREFIX = "menv_sk_";
    public static final String CLI_TOKEN_PREFIX = "menv_ct_";
    /** Short-lived token from {@code POST /v1/auth/oidc/login} (a CI job or pod traded its identity provider's token). */
    public static final String WORKLOAD_TOKEN_PREFIX = "menv_wt_";
    public static final int PREFIX_LENGTH = 8;
    public static final int RANDOM_LENGTH = 38;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX_LENGTH + RANDOM_LENGTH + CHECKSUM_LENGTH;

    /** Characters of a key shown in lists: the prefix plus the first four random characters. */
    public static final int DISPLAY_PREFIX_LENGTH = PREFIX_LENGTH + 4;
    /** Characters of a key shown in lists from its end (part of the checksum, so not secret). */
    public static final int DISPLAY_SUFFIX_LENGTH = 4;

    /** The credential kinds this format covers. */
    public enum Kind {
        API_KEY(API_KEY_PREFIX), CLI_TOKEN(CLI_TOKEN_PREFIX), WORKLOAD_TOKEN(WORKLOAD_TOKEN_PREFIX);

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** Made on first use: checking a credential (the CLI's start-up) needs no random numbers. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    private CredentialFormat() {
    }

    /** A new random API key. */
    public static String newApiKey() {
        return newCredential(Kind.API_KEY, Random.INSTANCE);
    }

    /** A new random credential of the given kind drawn from {@code random}. */
    public static String newCredential(Kind kind, SecureRandom random) {
        String body = randomBase62(RANDOM_LENGTH, random);
        return kind.prefix() + body + checksum(body);
    }

    /** {@code length} base62 characters drawn uniformly from {@code random}. */
    public static String randomBase62(int length, SecureRandom random) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    /** The kind a credential claims by its prefix, without checking the rest. */
    public static Optional<Kind> claimedKind(String credential) {
        if (credential == null) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (credential.startsWith(kind.prefix())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** True when {@code credential} has the exact shape of {@code kind} and its checksum matches. */
    public static boolean isValid(String credential, Kind kind) {
        if (credential == null || credential.length() != LENGTH || !credential.startsWith(kind.prefix())) {
            return false;
        }
        for (int i = PREFIX_LENGTH; i < LENGTH; i++) {
            if (ALPHABET.indexOf(credential.charAt(i)) < 0) {
                return false;
            }
        }
        String body = credential.substring(PREFIX_LENGTH, PREFIX_LENGTH + RANDOM_LENGTH);
        return checksum(body).equals(credential.substring(PREFIX_LENGTH + RANDOM_LENGTH));
    }

    /** The 6-character base62 CRC-32 of {@code randomPart} (its US-ASCII bytes). */
    public static String checksum(String randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(digits);
    }

    /** The non-secret start of a key shown in lists, e.g. {@code menv_sk_Ab3x}. */
    public static String displayPrefix(String credential) {
        return credential.substring(0, DISPLAY_PREFIX_LENGTH);
    }

    /** The non-secret end of a key shown in lists (the last checksum characters). */
    public static String displaySuffix(String credential) {
        return credential.substring(credential.length() - DISPLAY_SUFFIX_LENGTH);
    }
}
