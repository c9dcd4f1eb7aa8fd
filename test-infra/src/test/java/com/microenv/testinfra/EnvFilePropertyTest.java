package com.microenv.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class EnvFilePropertyTest {

    @Property
    void anySingleQuotedValueReadsBackUnchanged(
            @ForAll @AlphaChars @Chars('_') @StringLength(min = 1, max = 30) String name,
            @ForAll @CharRange(from = ' ', to = '~') String value) {
        String key = "K" + name;
        String line = key + "='" + value.replace("'", "'\\''") + "'";

        assertThat(EnvFile.parse(List.of(line))).containsEntry(key, value).hasSize(1);
    }

    @Property
    void unquotedSecretsOfTheStackReadBackUnchanged(
            @ForAll @AlphaChars @NumericChars @Chars({'+', '/', '=', '.', ':', '@', '-', '_'}) String value) {
        assertThat(EnvFile.parse(List.of("SECRET=" + value))).containsEntry("SECRET", value);
    }
}
