package com.microenv.auth.service;

import com.microenv.credential.CredentialFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/** The checksum of the keys and CLI tokens auth-service issues catches every typo a person makes. */
class CredentialFormatPropertiesTest {

    @Provide
    Arbitrary<String> credentials() {
        Arbitrary<String> body = Arbitraries.strings().withChars(CredentialFormat.ALPHABET.toCharArray())
                .ofLength(CredentialFormat.RANDOM_LENGTH);
        return Arbitraries.of(CredentialFormat.Kind.values()).flatMap(kind ->
                body.map(random -> kind.prefix() + random + CredentialFormat.checksum(random)));
    }

    @Property(tries = 500)
    void issuedCredentialsAreValid(@ForAll("credentials") String credential) {
        CredentialFormat.Kind kind = CredentialFormat.claimedKind(credential).orElseThrow();
        assertThat(CredentialFormat.isValid(credential, kind)).isTrue();
    }

    @Property(tries = 2000)
    void everySingleCharacterChangeIsCaught(@ForAll("credentials") String credential,
                                            @ForAll @IntRange(min = CredentialFormat.PREFIX_LENGTH, max = CredentialFormat.LENGTH - 1) int position,
                                            @ForAll @IntRange(min = 1, max = 61) int shift) {
        char original = credential.charAt(position);
        char replaced = CredentialFormat.ALPHABET.charAt((CredentialFormat.ALPHABET.indexOf(original) + shift) % 62);
        String typo = credential.substring(0, position) + replaced + credential.substring(position + 1);

        assertThat(CredentialFormat.isValid(typo, CredentialFormat.claimedKind(credential).orElseThrow())).isFalse();
    }

    @Property(tries = 2000)
    void everyAdjacentTranspositionIsCaught(@ForAll("credentials") String credential,
                                            @ForAll @IntRange(min = CredentialFormat.PREFIX_LENGTH, max = CredentialFormat.LENGTH - 2) int position) {
        char a = credential.charAt(position);
        char b = credential.charAt(position + 1);
        String swapped = credential.substring(0, position) + b + a + credential.substring(position + 2);

        boolean valid = CredentialFormat.isValid(swapped, CredentialFormat.claimedKind(credential).orElseThrow());
        assertThat(valid).as("swap at %d", position).isEqualTo(a == b);
    }

    @Property(tries = 500)
    void aCharacterOutsideTheAlphabetIsRejected(@ForAll("credentials") String credential,
                                                @ForAll @IntRange(min = CredentialFormat.PREFIX_LENGTH, max = CredentialFormat.LENGTH - 1) int position,
                                                @ForAll("foreign") char foreign) {
        String bad = credential.substring(0, position) + foreign + credential.substring(position + 1);
        assertThat(CredentialFormat.isValid(bad, CredentialFormat.claimedKind(credential).orElseThrow())).isFalse();
    }

    @Provide
    Arbitrary<Character> foreign() {
        return Arbitraries.chars().filter(c -> CredentialFormat.ALPHABET.indexOf(c) < 0);
    }
}
