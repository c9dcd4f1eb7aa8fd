package com.microenv.gateway.credentials;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

class MicroenvTokenFormatTest {

    @Example
    void checksumMatchesCrc32InBase62ComputedIndependently() {
        // Expected values computed with Python's zlib.crc32 and a separate base62 encoder.
        assertThat(MicroenvTokenFormat.checksum("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab")).isEqualTo("0yIm7m");
        assertThat(MicroenvTokenFormat.checksum("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")).isEqualTo("2g1hS9");
        assertThat(MicroenvTokenFormat.checksum("a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ01")).isEqualTo("4AexTr");
        // The vector auth-service's CredentialFormat documents: the two implementations must agree.
        assertThat(MicroenvTokenFormat.checksum("0".repeat(38))).isEqualTo("29b03J");
    }

    @Property
    void everyRandomPartWithItsChecksumIsAValidBody(@ForAll("randomParts") String random) {
        String checksum = MicroenvTokenFormat.checksum(random);

        assertThat(checksum).hasSize(MicroenvTokenFormat.CHECKSUM_LENGTH);
        assertThat(MicroenvTokenFormat.hasValidBody(random + checksum)).isTrue();
    }

    @Property
    void anySingleMistypedCharacterIsDetected(@ForAll("randomParts") String random,
                                              @ForAll @IntRange(min = 0, max = 43) int position,
                                              @ForAll("base62Chars") char replacement) {
        String body = random + MicroenvTokenFormat.checksum(random);
        String mistyped = body.substring(0, position) + replacement + body.substring(position + 1);

        assertThat(MicroenvTokenFormat.hasValidBody(mistyped)).isEqualTo(mistyped.equals(body));
    }

    @Property
    void bodiesOfTheWrongLengthOrAlphabetAreInvalid(@ForAll("randomParts") String random, @ForAll("nonBase62Chars") char bad) {
        String body = random + MicroenvTokenFormat.checksum(random);

        assertThat(MicroenvTokenFormat.hasValidBody(body.substring(1))).isFalse();
        assertThat(MicroenvTokenFormat.hasValidBody(body + "0")).isFalse();
        assertThat(MicroenvTokenFormat.hasValidBody(bad + body.substring(1))).isFalse();
    }

    @Provide
    Arbitrary<String> randomParts() {
        return Arbitraries.strings().withChars(MicroenvTokenFormat.BASE62.toCharArray()).ofLength(MicroenvTokenFormat.RANDOM_LENGTH);
    }

    @Provide
    Arbitrary<Character> base62Chars() {
        return Arbitraries.of(MicroenvTokenFormat.BASE62.chars().mapToObj(c -> (char) c).toList());
    }

    @Provide
    Arbitrary<Character> nonBase62Chars() {
        return Arbitraries.chars().filter(c -> MicroenvTokenFormat.BASE62.indexOf(c) < 0);
    }
}
