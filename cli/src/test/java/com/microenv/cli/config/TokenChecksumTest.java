package com.microenv.cli.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenChecksumTest {

    @Test
    void matchesCrc32InBase62ComputedIndependently() {
        // Expected values from Python: zlib.crc32(random.encode()) written in base62 by hand-rolled code.
        assertThat(TokenChecksum.of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL")).isEqualTo("1qBlPE");
        assertThat(TokenChecksum.of("00000000000000000000000000000000000000")).isEqualTo("29b03J");
        assertThat(TokenChecksum.of("Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Q1")).isEqualTo("3Sirq5");
    }

    @Test
    void smallChecksumsAreLeftPaddedWithZeros() {
        assertThat(TokenChecksum.base62(0, 6)).isEqualTo("000000");
        assertThat(TokenChecksum.base62(61, 6)).isEqualTo("00000z");
        assertThat(TokenChecksum.base62(62, 6)).isEqualTo("000010");
        assertThat(TokenChecksum.base62(0xFFFFFFFFL, 6)).isEqualTo("4gfFC3");
    }

    @Test
    void refusesAValueTooLargeForTheWidth() {
        assertThatThrownBy(() -> TokenChecksum.base62(62L * 62, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void isAlwaysSixBase62Characters(@ForAll @StringLength(38) String random) {
        assertThat(TokenChecksum.of(random)).hasSize(6).matches("[0-9A-Za-z]{6}");
    }
}
