package com.microenv.gateway.api;

import com.microenv.gateway.service.IpRanges;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIpsTest {

    private final ClientIps noProxies = new ClientIps(IpRanges.none());
    private final ClientIps behindIngress = new ClientIps(IpRanges.parse(List.of("10.0.0.0/8", "fd00::/8")));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(noProxies.resolve("203.0.113.5", List.of("1.2.3.4"))).isEqualTo("203.0.113.5");
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        assertThat(behindIngress.resolve("203.0.113.5", List.of("1.2.3.4"))).isEqualTo("203.0.113.5");
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertThat(behindIngress.resolve("10.0.0.2", List.of("6.6.6.6, 198.51.100.7", "10.1.1.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void allHopsTrustedGivesTheLeftMost() {
        assertThat(behindIngress.resolve("10.0.0.2", List.of("10.3.3.3, 10.1.1.1"))).isEqualTo("10.3.3.3");
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertThat(behindIngress.resolve("10.0.0.2", List.of("198.51.100.7, not-an-ip"))).isEqualTo("10.0.0.2");
    }

    @Test
    void ipv6AndMappedAddressesAreUnderstood() {
        assertThat(behindIngress.resolve("fd00::1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(noProxies.resolve("::ffff:192.0.2.1", List.of())).isEqualTo("192.0.2.1");
    }

    @Test
    void cidrRangesMatchAsWritten() {
        IpRanges ranges = IpRanges.parse(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));
        assertThat(ranges.contains("10.255.0.1")).isTrue();
        assertThat(ranges.contains("11.0.0.1")).isFalse();
        assertThat(ranges.contains("192.0.2.7")).isTrue();
        assertThat(ranges.contains("192.0.2.8")).isFalse();
        assertThat(ranges.contains("2001:db8:1::1")).isTrue();
        assertThat(ranges.contains("example.com")).isFalse();
    }
}
