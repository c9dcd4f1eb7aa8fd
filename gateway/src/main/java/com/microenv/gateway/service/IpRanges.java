package com.microenv.gateway.service;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * A list of CIDR ranges (IPv4 and IPv6; a bare address is a single-host range), matched with Netty's
 * {@link IpSubnetFilterRule}. Addresses are parsed as literals only: nothing here ever asks DNS.
 */
public final class IpRanges {

    private static final IpRanges NONE = new IpRanges(List.of(), List.of());

    private final List<String> cidrs;
    private final List<IpSubnetFilterRule> rules;

    private IpRanges(List<String> cidrs, List<IpSubnetFilterRule> rules) {
        this.cidrs = cidrs;
        this.rules = rules;
    }

    public static IpRanges none() {
        return NONE;
    }

    /** The ranges written as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or {@code 192.0.2.7}; a bad entry is an {@link IllegalArgumentException}. */
    public static IpRanges parse(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return NONE;
        }
        return new IpRanges(List.copyOf(cidrs), cidrs.stream().map(IpRanges::rule).toList());
    }

    private static IpSubnetFilterRule rule(String cidr) {
        String text = cidr == null ? "" : cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = address(address);
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP range: '" + cidr + "'");
        }
        int max = parsed.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("not an IP range: '" + cidr + "'");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("not an IP range: '" + cidr + "'");
        }
        return new IpSubnetFilterRule(parsed, prefix, IpFilterRuleType.ACCEPT);
    }

    /** The address of an IP literal (IPv4-mapped IPv6 addresses become IPv4), or {@code null} when it is not one. */
    public static InetAddress address(String literal) {
        if (literal == null || literal.isBlank()) {
            return null;
        }
        String text = literal.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        InetAddress parsed = NetUtil.createInetAddressFromIpAddressString(text);
        if (parsed instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff
                    && Arrays.equals(Arrays.copyOf(bytes, 10), new byte[10]);
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException impossible) {
                    return null;
                }
            }
        }
        return parsed;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether the IP literal {@code ip} lies in one of the ranges (an unparsable one never does). */
    public boolean contains(String ip) {
        InetAddress parsed = address(ip);
        return parsed != null && contains(parsed);
    }

    public boolean contains(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    /** The ranges as they were written. */
    public List<String> cidrs() {
        return cidrs;
    }

    @Override
    public String toString() {
        return cidrs.toString();
    }
}
