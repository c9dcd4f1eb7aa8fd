package com.microenv.secrets.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every download format read back by the importer gives exactly the values written. */
class FormatRoundTripTest {

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars("'\"`\\$#\n\r\t ={}:-").withCharRange('A', 'C').withChars("é€\u2028\u00a0")
                .ofMaxLength(24);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(24)
                .filter(s -> s.indexOf('\0') < 0 && isValidUnicode(s));
        return Arbitraries.oneOf(nasty, anything);
    }

    @Provide
    Arbitrary<SortedMap<String, String>> environments() {
        Arbitrary<String> names = Arbitraries.strings().withChars("ABCXYZ_").ofMinLength(1).ofMaxLength(6)
                .filter(Names::isVariableName);
        return Arbitraries.maps(names, values()).ofMaxSize(6).map(TreeMap::new);
    }

    @Property(tries = 500)
    void envExportReadsBackExactlyOrIsRefusedForTheDocumentedValues(@ForAll("environments") SortedMap<String, String> values) {
        Throwable refused = catchThrowable(() -> DotenvCodec.render(values));
        if (refused != null) {
            assertThat(refused).isInstanceOf(ServiceException.class);
            assertThat(((ServiceException) refused).reason()).isEqualTo(ServiceException.Reason.UNREPRESENTABLE);
            assertThat(values.values()).anyMatch(FormatRoundTripTest::noDotenvQuotingFits);
            return;
        }
        assertThat(DotenvCodec.parse(DotenvCodec.render(values))).isEqualTo(values);
    }

    @Property(tries = 500)
    void yamlExportAlwaysReadsBackExactly(@ForAll("environments") SortedMap<String, String> values) {
        assertThat(YamlCodec.parse(YamlCodec.render(values))).isEqualTo(values);
    }

    @Property(tries = 500)
    void dockerExportReadsBackExactlyUnlessAValueHasALineBreak(@ForAll("environments") SortedMap<String, String> values) {
        boolean lineBreak = values.values().stream().anyMatch(v -> v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0);
        if (lineBreak) {
            assertThatThrownBy(() -> DockerEnvCodec.render(values)).isInstanceOf(ServiceException.class);
            return;
        }
        assertThat(DockerEnvCodec.parse(DockerEnvCodec.render(values))).isEqualTo(values);
    }

    @Property(tries = 1000)
    void parsersFailOnlyWithAValidationProblem(@ForAll("files") String file) {
        for (Runnable parse : new Runnable[]{() -> DotenvCodec.parse(file), () -> YamlCodec.parse(file),
                () -> DockerEnvCodec.parse(file)}) {
            Throwable failure = catchThrowable(parse::run);
            if (failure != null) {
                assertThat(failure).isInstanceOf(ServiceException.class);
                assertThat(((ServiceException) failure).reason())
                        .isIn(ServiceException.Reason.VALIDATION, ServiceException.Reason.PAYLOAD_TOO_LARGE);
            }
        }
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> line = Combinators.combine(
                        Arbitraries.of("", "export ", "  ", "#", "# c "),
                        Arbitraries.strings().withChars("ABab_1-. ").ofMaxLength(6),
                        Arbitraries.of("=", " = ", ":", ""),
                        values())
                .as((prefix, name, equals, value) -> prefix + name + equals + value);
        return Arbitraries.oneOf(line.list().ofMaxSize(6).map(lines -> String.join("\n", lines)),
                Arbitraries.strings().all().ofMaxLength(60));
    }

    @Test
    void envQuotingIsChosenPerValue() {
        assertThat(DotenvCodec.quote("")).isEqualTo("");
        assertThat(DotenvCodec.quote("postgres://db:5432/app")).isEqualTo("postgres://db:5432/app");
        assertThat(DotenvCodec.quote("say \"hi\" to $USER # now\n")).isEqualTo("'say \"hi\" to $USER # now\n'");
        assertThat(DotenvCodec.quote("it's")).isEqualTo("\"it's\"");
        assertThat(DotenvCodec.quote("it's \"quoted\"")).isEqualTo("`it's \"quoted\"`");
        assertThat(DotenvCodec.quote("it's \"q\" `b`")).isNull();
    }

    @Test
    void dotenvFilesAsPeopleWriteThemAreRead() {
        String file = """
                # a comment
                
                export A=plain value   # trailing comment
                B='single # not a comment'
                C="line one\\nline two"
                D="multi
                line"
                E=`back'tick`
                F=
                G = spaced
                H=a#b
                """;
        assertThat(DotenvCodec.parse(file)).isEqualTo(Map.of(
                "A", "plain value", "B", "single # not a comment", "C", "line one\nline two",
                "D", "multi\nline", "E", "back'tick", "F", "", "G", "spaced", "H", "a#b"));
    }

    @Test
    void aBadLineIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> DotenvCodec.parse("A=1\n\nnot a line\n"))
                .isInstanceOf(ServiceException.class).hasMessageStartingWith("line 3:");
        assertThatThrownBy(() -> DotenvCodec.parse("A=1\nB=\"never closed\nC=2\n"))
                .hasMessageStartingWith("line 2:").hasMessageContaining("never closed");
        assertThatThrownBy(() -> DotenvCodec.parse("A=1\nlower=2\n"))
                .hasMessageStartingWith("line 2:");
        assertThatThrownBy(() -> YamlCodec.parse("A: 1\nB: [unclosed\n"))
                .hasMessageStartingWith("line ");
    }

    /** docs/variables.md: no quoting Node's dotenv reads back exactly. */
    static boolean noDotenvQuotingFits(String value) {
        boolean singleQuotesFit = value.indexOf('\'') < 0 && value.indexOf('\r') < 0;
        boolean doubleQuotesFit = value.indexOf('"') < 0 && value.indexOf('\\') < 0;
        boolean backticksFit = value.indexOf('`') < 0 && value.indexOf('\r') < 0;
        return !singleQuotesFit && !doubleQuotesFit && !backticksFit;
    }

    private static boolean isValidUnicode(String s) {
        try {
            Names.requireValue(s);
            return true;
        } catch (ServiceException e) {
            return false;
        }
    }
}
