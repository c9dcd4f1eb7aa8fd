package com.microenv.examples.auditconsumer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Each project's hash chain as this consumer computes it from {@code microenv.audit.v1} (docs/audit-events.md, The
 * hash chain): {@code hash(n) = SHA-256(hash(n-1) || UTF-8(event n))}, {@code hash(0)} = 32 zero bytes, events in
 * partition order with repeated ids dropped. Kept in memory: a real consumer would persist it with its offsets.
 */
final class Chains {

    private final Map<String, List<byte[]>> hashes = new HashMap<>();

    /** Appends an event's canonical JSON (the Kafka value as it is) to its project's chain; the new length. */
    int append(String project, String canonicalEvent) {
        List<byte[]> chain = hashes.computeIfAbsent(project, p -> new ArrayList<>());
        byte[] prev = chain.isEmpty() ? new byte[32] : chain.get(chain.size() - 1);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prev);
            sha256.update(canonicalEvent.getBytes(StandardCharsets.UTF_8));
            chain.add(sha256.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return chain.size();
    }

    /** How many events of the project this consumer has chained. */
    int length(String project) {
        List<byte[]> chain = hashes.get(project);
        return chain == null ? 0 : chain.size();
    }

    /** Hex hash of the project's {@code n}-th event (1-based); null when not seen yet. */
    String hashOf(String project, long n) {
        List<byte[]> chain = hashes.get(project);
        return chain == null || n < 1 || n > chain.size() ? null : HexFormat.of().formatHex(chain.get((int) n - 1));
    }
}
