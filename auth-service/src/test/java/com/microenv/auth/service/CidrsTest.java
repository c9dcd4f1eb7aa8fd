package com.microenv.auth.service;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrsTest {

    @Test
    void cidrsAreCanonicalised() {
        assertThat(Cidrs.normalise(List.of("10.0.0.0/8", "2001:DB8::/32", "192.0.2.1", "10.0.0.0/8")))
                .containsExactly("10.0.0.0/8", "2001:db8::/32", "192.0.2.1/32");
    }

    @Test
    void badCidrsAreValidationErrorsNamingThem() {
        for (String bad : List.of("10.0.0.0/33", "example.com/24", "10.0.0.1/8", "::1/129", "", "10.0.0.0/-1", "1.2.3/24")) {
            assertThatThrownBy(() -> Cidrs.parse(bad)).isInstanceOf(ServiceException.class)
                    .satisfies(e -> assertThat(((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.VALIDATION))
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void ipv4MappedIpv6ClientsMatchIpv4Blocks() {
        assertThat(Cidrs.allows(List.of("10.0.0.0/8"), "::ffff:10.1.2.3")).isTrue();
        assertThat(Cidrs.allows(List.of("10.0.0.0/8"), "[2001:db8::1]")).isFalse();
        assertThat(Cidrs.allows(List.of("2001:db8::/32"), "[2001:db8::1]")).isTrue();
        assertThat(Cidrs.allows(List.of("10.0.0.0/8"), "not-an-ip")).isFalse();
        assertThat(Cidrs.allows(List.of("10.0.0.0/8"), null)).isFalse();
    }

    @Property(tries = 500)
    void anAddressIsInsideExactlyTheBlocksItsPrefixMatches(@ForAll @IntRange(min = 0, max = 255) int a,
                                                           @ForAll @IntRange(min = 0, max = 255) int b,
                                                           @ForAll @IntRange(min = 0, max = 255) int c,
                                                           @ForAll @IntRange(min = 0, max = 255) int d,
                                                           @ForAll @IntRange(min = 0, max = 32) int prefix) {
        long ip = ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        String network = dotted(ip & mask) + "/" + prefix;
        assertThat(Cidrs.allows(List.of(network), dotted(ip))).isTrue();
        if (prefix > 0) {
            long outside = ip ^ (1L << (32 - prefix));
            assertThat(Cidrs.allows(List.of(network), dotted(outside))).isFalse();
        }
    }

    private static String dotted(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }
}
