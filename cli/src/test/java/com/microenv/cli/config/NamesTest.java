package com.microenv.cli.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

    @Provide
    Arbitrary<String> variableNames() {
        Arbitrary<String> first = Arbitraries.strings().withChars((UPPER + "_").toCharArray()).ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings().withChars((UPPER + DIGITS + "_").toCharArray()).ofMaxLength(255);
        return Combinators.combine(first, rest).as(String::concat);
    }

    @Provide
    Arbitrary<String> environmentNames() {
        Arbitrary<String> first = Arbitraries.strings().withChars((LOWER + DIGITS).toCharArray()).ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings().withChars((LOWER + DIGITS + "_-").toCharArray()).ofMaxLength(63);
        return Combinators.combine(first, rest).as(String::concat);
    }

    @Provide
    Arbitrary<Character> dashOrUnderscore() {
        return Arbitraries.of('-', '_');
    }

    @Property
    void everyNameFromTheAllowedAlphabetIsAVariableName(@ForAll("variableNames") String name) {
        assertThat(Names.variableNameProblem(name)).isEmpty();
    }

    @Property
    void aVariableNameWithAnyCharacterOutsideTheAlphabetIsRejected(@ForAll("variableNames") String name,
                                                                   @ForAll char intruder) {
        if ((UPPER + DIGITS + "_").indexOf(intruder) >= 0) {
            return;
        }
        String broken = name.substring(0, name.length() / 2) + intruder + name.substring(name.length() / 2);

        assertThat(Names.isVariableName(broken)).isFalse();
    }

    @Property
    void aVariableNameStartingWithADigitIsRejected(@ForAll @CharRange(from = '0', to = '9') char digit,
                                                   @ForAll("variableNames") String rest) {
        assertThat(Names.isVariableName(digit + rest)).isFalse();
    }

    @Property
    void everyNameFromTheAllowedAlphabetIsAnEnvironmentName(@ForAll("environmentNames") String name) {
        assertThat(Names.environmentNameProblem(name)).isEmpty();
    }

    @Property
    void anEnvironmentNameStartingWithDashOrUnderscoreIsRejected(@ForAll("dashOrUnderscore") char first,
                                                                 @ForAll("environmentNames") String rest) {
        assertThat(Names.isEnvironmentName(first + rest)).isFalse();
    }

    @Property
    void anEnvironmentNameWithUpperCaseIsRejected(@ForAll("environmentNames") String name,
                                                  @ForAll @CharRange(from = 'A', to = 'Z') char upper) {
        assertThat(Names.isEnvironmentName(name + upper)).isFalse();
    }

    @Property
    void lengthLimitsHold(@ForAll @CharRange(from = 'A', to = 'Z') char letter) {
        assertThat(Names.isVariableName(String.valueOf(letter).repeat(256))).isTrue();
        assertThat(Names.isVariableName(String.valueOf(letter).repeat(257))).isFalse();
        String lower = String.valueOf(Character.toLowerCase(letter));
        assertThat(Names.isEnvironmentName(lower.repeat(64))).isTrue();
        assertThat(Names.isEnvironmentName(lower.repeat(65))).isFalse();
    }

    @Test
    void problemsSayWhatTheRuleIs() {
        assertThat(Names.variableNameProblem("db_url")).hasValueSatisfying(problem ->
                assertThat(problem).contains("'db_url'").contains("upper-case letters"));
        assertThat(Names.environmentNameProblem("Prod")).hasValueSatisfying(problem ->
                assertThat(problem).contains("'Prod'").contains("lower-case"));
        assertThat(Names.projectIdProblem("../admin")).isPresent();
        assertThat(Names.projectIdProblem("3f0c9a4e-5b1d-4c8e-9f6a-2d7b8e1c0a93")).isEmpty();
    }

    @Test
    void aNameWithControlCharactersIsShownOnOneLine() {
        assertThat(Names.variableNameProblem("A\nB")).hasValueSatisfying(problem -> assertThat(problem).doesNotContain("\n"));
    }
}
