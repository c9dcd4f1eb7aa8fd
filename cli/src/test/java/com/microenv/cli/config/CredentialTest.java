package com.microenv.cli.config;

import com.microenv.cli.Tokens;
import com.microenv.credential.CredentialFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialTest {

    private static final String KEY = "menv_sk_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL1qBlPE";

    @Provide
    Arbitrary<String> random38() {
        return Arbitraries.strings().withChars(CredentialFormat.ALPHABET.toCharArray()).ofLength(38);
    }

    @Test
    void keysAndTokensWithTheirChecksumAreAcceptedByPrefix() {
        assertThat(Credential.parse(Tokens.apiKey()).kind()).isEqualTo(Credential.Kind.API_KEY);
        assertThat(Credential.parse(Tokens.cliToken()).kind()).isEqualTo(Credential.Kind.CLI_TOKEN);
    }

    @Test
    void aMistypedCharacterIsReportedAsAChecksumMismatchOfThatKind() {
        String mistypedKey = KEY.substring(0, 30) + (KEY.charAt(30) == 'x' ? 'y' : 'x') + KEY.substring(31);
        String mistypedToken = mistypedKey.replace("menv_sk_", "menv_ct_");

        assertThatThrownBy(() -> Credential.parse(mistypedKey))
                .isInstanceOf(InvalidCredentialException.class)
                .hasMessage("its checksum does not match (mistyped or not a MicroENV API key)");
        assertThatThrownBy(() -> Credential.parse(mistypedToken))
                .isInstanceOf(InvalidCredentialException.class)
                .hasMessage("its checksum does not match (mistyped or not a MicroENV CLI token)");
    }

    @Property
    void errorMessagesNeverQuoteTheToken(@ForAll("random38") String random, @ForAll @IntRange(min = 4, max = 43) int cut) {
        String body = (random + CredentialFormat.checksum(random)).substring(0, cut);

        assertThatThrownBy(() -> Credential.parse("menv_ct_" + body))
                .isInstanceOf(InvalidCredentialException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body));
    }

    @Test
    void saysWhatIsWrongWithAMalformedToken() {
        assertThatThrownBy(() -> Credential.parse("")).hasMessage("it is empty");
        assertThatThrownBy(() -> Credential.parse("ghp_abcdef")).hasMessageContaining("does not start with menv_sk_");
        assertThatThrownBy(() -> Credential.parse("menv_sk_abc")).hasMessageContaining("3 characters after menv_sk_, expected 44");
        assertThatThrownBy(() -> Credential.parse(KEY.substring(0, 20) + "-" + KEY.substring(21)))
                .hasMessageContaining("outside 0-9A-Za-z");
        assertThatThrownBy(() -> Credential.parse(KEY.replace("menv_sk_", "menv_xx_"))).hasMessageContaining("does not start");
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(Credential.parse("  " + KEY + "\n").secret()).isEqualTo(KEY);
    }

    @Test
    void printsMaskedWithPrefixAndThreeCharactersEachEnd() {
        Credential credential = Credential.parse(KEY);

        assertThat(credential.masked()).isEqualTo("menv_sk_abc…lPE");
        assertThat(credential.toString()).isEqualTo("API key menv_sk_abc…lPE");
    }

    @Test
    void maskingAShortOrForeignStringShowsNothingOfIt() {
        assertThat(Credential.mask("menv_sk_short")).isEqualTo("menv_sk_…");
        assertThat(Credential.mask("hunter2")).isEqualTo("…");
        assertThat(Credential.mask(null)).isEqualTo("(empty)");
    }

    @Property
    void maskingNeverShowsMoreThanSixCharactersBeyondThePrefix(@ForAll String anything) {
        String masked = Credential.mask(anything);
        String withoutPrefix = masked.replaceFirst("^menv_(sk|ct)_", "");

        assertThat(withoutPrefix.replace("…", "").length()).isLessThanOrEqualTo(7); // "(empty)" is 7 and reveals nothing
    }
}
