package com.microenv.auth.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.security.SecureRandom;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Device-flow user codes: unambiguous letters only, forgiving input, nothing else accepted. */
class UserCodesPropertiesTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Property(tries = 1000)
    void generatedCodesUseOnlyTheUnambiguousAlphabet(@ForAll @IntRange(min = 0, max = 10) int ignored) {
        String code = UserCodes.generate(RANDOM);
        assertThat(code).hasSize(8).matches("[" + UserCodes.ALPHABET + "]{8}");
        assertThat(code).doesNotContain("0", "O", "1", "I", "A", "E", "U", "Y");
        assertThat(UserCodes.display(code)).matches("[" + UserCodes.ALPHABET + "]{4}-[" + UserCodes.ALPHABET + "]{4}");
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.strings().withChars(UserCodes.ALPHABET.toCharArray()).ofLength(8);
    }

    @Property(tries = 500)
    void displayedCodesTypedInAnyCaseOrSpacingNormaliseBack(@ForAll("codes") String code, @ForAll boolean lower,
                                                            @ForAll boolean spaced) {
        String typed = UserCodes.display(code);
        if (lower) {
            typed = typed.toLowerCase(Locale.ROOT);
        }
        if (spaced) {
            typed = " " + typed.replace("-", " ") + " ";
        }
        assertThat(UserCodes.normalise(typed)).contains(code);
    }

    @Property(tries = 500)
    void aCharacterOutsideTheAlphabetIsNeverAccepted(@ForAll("codes") String code,
                                                     @ForAll @IntRange(min = 0, max = 7) int position,
                                                     @ForAll("outside") char foreign) {
        String bad = code.substring(0, position) + foreign + code.substring(position + 1);
        assertThat(UserCodes.normalise(bad)).isEmpty();
    }

    @Provide
    Arbitrary<Character> outside() {
        return Arbitraries.chars().ascii().filter(c -> !Character.isWhitespace(c) && c != '-'
                && UserCodes.ALPHABET.indexOf(Character.toUpperCase(c)) < 0);
    }

    @Property(tries = 200)
    void wrongLengthsAreRejected(@ForAll("codes") String code, @ForAll @IntRange(min = 1, max = 7) int cut) {
        assertThat(UserCodes.normalise(code.substring(cut))).isEmpty();
        assertThat(UserCodes.normalise(code + code.substring(cut))).isEmpty();
    }
}
