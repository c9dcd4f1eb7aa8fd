package com.microenv.secrets.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @Property
    void upperCaseSnakeNamesAreVariableNames(@ForAll("variableNames") String name) {
        assertThat(Names.isVariableName(name)).isTrue();
    }

    @Property
    void namesWithLowerCaseLettersAreNotVariableNames(@ForAll("variableNames") String name,
                                                      @ForAll @StringLength(min = 1, max = 5) String suffix) {
        String candidate = name + suffix.toLowerCase();
        if (!suffix.toLowerCase().equals(suffix.toUpperCase())) {
            assertThat(Names.isVariableName(candidate)).isFalse();
        }
    }

    @Provide
    Arbitrary<String> variableNames() {
        Arbitrary<Character> first = Arbitraries.chars().range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').withChars('_')
                .ofMaxLength(255);
        return first.flatMap(f -> rest.map(r -> f + r));
    }

    @Test
    void variableNameRulesAtTheEdges() {
        assertThat(Names.isVariableName("_")).isTrue();
        assertThat(Names.isVariableName("A".repeat(256))).isTrue();
        assertThat(Names.isVariableName("A".repeat(257))).isFalse();
        assertThat(Names.isVariableName("1ABC")).isFalse();
        assertThat(Names.isVariableName("")).isFalse();
        assertThat(Names.isVariableName("A-B")).isFalse();
        assertThat(Names.isVariableName("ÄB")).isFalse();
    }

    @Test
    void environmentNameRulesAtTheEdges() {
        assertThat(Names.isEnvironmentName("production")).isTrue();
        assertThat(Names.isEnvironmentName("0-eu_west")).isTrue();
        assertThat(Names.isEnvironmentName("a".repeat(64))).isTrue();
        assertThat(Names.isEnvironmentName("a".repeat(65))).isFalse();
        assertThat(Names.isEnvironmentName("-prod")).isFalse();
        assertThat(Names.isEnvironmentName("Prod")).isFalse();
        assertThat(Names.isEnvironmentName("")).isFalse();
    }

    @Test
    void valuesUpTo64KibAreAcceptedAndLargerOnesRefused() {
        Names.requireValue("x".repeat(64 * 1024));
        assertThatThrownBy(() -> Names.requireValue("x".repeat(64 * 1024 + 1)))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).reason()).isEqualTo(ServiceException.Reason.PAYLOAD_TOO_LARGE);
        // 3 bytes of UTF-8 each: fewer characters than the limit, more bytes.
        assertThatThrownBy(() -> Names.requireValue("€".repeat(30_000))).isInstanceOf(ServiceException.class);
    }

    @Test
    void valuesWithNulAreRefused() {
        assertThatThrownBy(() -> Names.requireValue("a\0b"))
                .isInstanceOf(ServiceException.class)
                .hasMessageNotContaining("a\0b");
    }
}
