package com.microenv.credential;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;

import static com.microenv.credential.CredentialFormat.Kind.API_KEY;
import static com.microenv.credential.CredentialFormat.Kind.CLI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

class CredentialFormatTest {

    /** Worked vectors, computed independently with Python's zlib.crc32 and a separate base62 encoder. */
    @ParameterizedTest
    @CsvSource({
            "00000000000000000000000000000000000000, 29b03J",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL, 1qBlPE",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz, 2g1hS9",
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab, 0yIm7m",
            "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ01, 4AexTr",
            "Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Q1, 3Sirq5",
            "00000000000000000000000000000000000CKs, 00097L"})   // CRC-32 35051: left-padded with 0
    void checksumIsBase62OfCrc32OfTheRandomPart(String random, String checksum) {
        assertThat(CredentialFormat.checksum(random)).isEqualTo(checksum);
        assertThat(CredentialFormat.isValid("menv_sk_" + random + checksum, API_KEY)).isTrue();
        assertThat(CredentialFormat.isValid("menv_ct_" + random + checksum, CLI_TOKEN)).isTrue();
    }

    @Test
    void newApiKeyHasTheDocumentedShape() {
        String key = CredentialFormat.newApiKey();

        assertThat(key).hasSize(52).startsWith("menv_sk_").matches("menv_sk_[0-9A-Za-z]{44}");
        assertThat(CredentialFormat.isValid(key, API_KEY)).isTrue();
        assertThat(CredentialFormat.displayPrefix(key)).isEqualTo(key.substring(0, 12));
        assertThat(CredentialFormat.displaySuffix(key)).isEqualTo(key.substring(48));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "menv_sk_",
            "menv_sk_00000000000000000000000000000000000000029b03",      // one character short
            "menv_sk_00000000000000000000000000000000000000029b03JJ",    // one character long
            "menv_sk_00000000000000000000000000000000000000029b03K",     // wrong checksum
            "menv_sk_0000000000000000000000000000000000000-029b03J",     // not base62
            "MENV_SK_00000000000000000000000000000000000000029b03J",     // prefix is case-sensitive
            "menv_ct_00000000000000000000000000000000000000029b03J"})    // a CLI token is not an API key
    void malformedApiKeysAreInvalid(String candidate) {
        assertThat(CredentialFormat.isValid(candidate, API_KEY)).isFalse();
    }

    @Test
    void claimedKindComesFromThePrefixOnly() {
        assertThat(CredentialFormat.claimedKind("menv_sk_x")).contains(API_KEY);
        assertThat(CredentialFormat.claimedKind("menv_ct_x")).contains(CLI_TOKEN);
        assertThat(CredentialFormat.claimedKind("eyJhbGciOi.x.y")).isEmpty();
        assertThat(CredentialFormat.claimedKind(null)).isEmpty();
    }

    @Property
    void everyGeneratedCredentialIsValid(@ForAll long seed) {
        SecureRandom random = seeded(seed);
        assertThat(CredentialFormat.isValid(CredentialFormat.newCredential(API_KEY, random), API_KEY)).isTrue();
        assertThat(CredentialFormat.isValid(CredentialFormat.newCredential(CLI_TOKEN, random), CLI_TOKEN)).isTrue();
    }

    @Property
    void anySingleCharacterTypoAfterThePrefixIsDetected(@ForAll long seed,
                                                        @ForAll @IntRange(min = 8, max = 51) int position,
                                                        @ForAll("base62") char replacement) {
        String key = CredentialFormat.newCredential(API_KEY, seeded(seed));
        Assume.that(key.charAt(position) != replacement);

        String typo = key.substring(0, position) + replacement + key.substring(position + 1);

        assertThat(CredentialFormat.isValid(typo, API_KEY)).isFalse();
    }

    @Property
    void swappingTwoAdjacentDifferentCharactersIsDetected(@ForAll long seed, @ForAll @IntRange(min = 8, max = 50) int position) {
        String key = CredentialFormat.newCredential(API_KEY, seeded(seed));
        Assume.that(key.charAt(position) != key.charAt(position + 1));

        String swapped = key.substring(0, position) + key.charAt(position + 1) + key.charAt(position) + key.substring(position + 2);

        assertThat(CredentialFormat.isValid(swapped, API_KEY)).isFalse();
    }

    @Property
    void checksumIsAlwaysSixBase62Digits(@ForAll("randomParts") String random) {
        assertThat(CredentialFormat.checksum(random)).matches("[0-9A-Za-z]{6}");
    }

    @Provide
    Arbitrary<Character> base62() {
        return Arbitraries.of(CredentialFormat.ALPHABET.chars().mapToObj(c -> (char) c).toArray(Character[]::new));
    }

    @Provide
    Arbitrary<String> randomParts() {
        return base62().list().ofSize(38).map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
