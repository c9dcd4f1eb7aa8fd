package com.microenv.auth.service;

import com.google.common.net.InetAddresses;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * CIDR blocks (IPv4 {@code 10.0.0.0/8}, IPv6 {@code 2001:db8::/32}) of an API key's allowlist. Addresses are
 * parsed as literals only (Guava's {@link InetAddresses}, which never resolves names), so a host name is a
 * validation error, not a DNS lookup.
 */
public final class Cidrs {

    /** One parsed block: the network address with host bits cleared, and the prefix length. */
    public record Block(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            return matches(bytes, network, prefix);
        }

        /** Canonical text, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
        String text() {
            try {
                return InetAddresses.toAddrString(InetAddress.getByAddress(network)) + "/" + prefix;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Cidrs() {
    }

    /**
     * Validates and canonicalises a list of CIDRs (host bits must be zero; an address without a prefix is a
     * single host). A bad entry is a 400 problem that names it.
     */
    public static List<String> normalise(List<String> cidrs) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String cidr : cidrs) {
            out.add(parse(cidr).text());
        }
        return List.copyOf(out);
    }

    /** A parsed block, or a 400 problem naming {@code cidr}. */
    public static Block parse(String cidr) {
        String text = cidr == null ? "" : cidr.strip();
        String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> address = literal(addressText);
        if (address.isEmpty()) {
            throw ServiceException.validation("allowedCidrs: '" + shown + "' is not an IPv4 or IPv6 CIDR (e.g. 10.0.0.0/8, 2001:db8::/32)");
        }
        byte[] bytes = address.get().getAddress();
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!prefixText.matches("\\d{1,3}") || Integer.parseInt(prefixText) > max) {
                throw ServiceException.validation("allowedCidrs: '" + shown + "' has an invalid prefix length (0-" + max + ")");
            }
            prefix = Integer.parseInt(prefixText);
        }
        byte[] network = bytes.clone();
        for (int bit = prefix; bit < max; bit++) {
            if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw ServiceException.validation("allowedCidrs: '" + shown + "' has host bits set (did you mean "
                        + new Block(masked(bytes, prefix), prefix).text() + "?)");
            }
        }
        return new Block(network, prefix);
    }

    /** True when {@code clientIp} is a literal address inside one of {@code cidrs} (canonical forms). */
    public static boolean allows(List<String> cidrs, String clientIp) {
        Optional<InetAddress> address = literal(clientIp == null ? "" : clientIp.strip());
        if (address.isEmpty()) {
            return false;
        }
        InetAddress client = unmapped(address.get());
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            blocks.add(parse(cidr));
        }
        return blocks.stream().anyMatch(block -> block.contains(client));
    }

    private static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (bare.isEmpty() || !InetAddresses.isInetAddress(bare)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(bare));
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is the IPv4 address it maps. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        if ((bytes[10] & 0xff) != 0xff || (bytes[11] & 0xff) != 0xff) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    private static boolean matches(byte[] address, byte[] network, int prefix) {
        return java.util.Arrays.equals(masked(address, prefix), network);
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }
}
