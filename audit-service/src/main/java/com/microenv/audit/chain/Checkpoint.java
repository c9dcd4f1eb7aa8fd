package com.microenv.audit.chain;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement "project P's chain had {@code events} events, the newest at store seq {@code seq} with chain
 * hash {@code headHash}, at {@code time}". The signature covers {@link #canonical()} (docs/audit-events.md,
 * Checkpoints), so anyone holding the public key can check it offline.
 *
 * @param projectId the project ({@code ""} for the project-less chain)
 * @param seq       store seq of the newest event covered
 * @param events    number of events in the project's chain up to and including it, counted from its first event
 *                  ever (events removed by retention included)
 * @param headHash  that event's chain hash (32 bytes)
 * @param time      when the checkpoint was made, ISO-8601 UTC, exactly the text that was signed
 * @param kind      {@code periodic} or {@code retention} (left by the retention job; the rows up to seq are gone)
 * @param keyId     id of the signing key
 * @param algorithm {@code Ed25519}
 * @param signature the signature over the canonical form (64 bytes)
 */
public record Checkpoint(String projectId, long seq, long events, byte[] headHash, String time, String kind,
                         String keyId, String algorithm, byte[] signature) {

    public static final String PERIODIC = "periodic";
    public static final String RETENTION = "retention";
    /** First line of the canonical form; names the format version. */
    public static final String FORMAT = "microenv-audit-checkpoint/v1";

    /** The exact text that is signed: UTF-8, one {@code name=value} per line, each line ending in {@code \n}. */
    public static String canonical(String projectId, long seq, long events, byte[] headHash, String time, String kind,
                                   String keyId) {
        return FORMAT + "\n"
                + "project=" + projectId + "\n"
                + "seq=" + seq + "\n"
                + "events=" + events + "\n"
                + "head=" + HashChain.hex(headHash) + "\n"
                + "time=" + time + "\n"
                + "kind=" + kind + "\n"
                + "key=" + keyId + "\n";
    }

    public String canonical() {
        return canonical(projectId, seq, events, headHash, time, kind, keyId);
    }

    /** The JSON form published on {@code microenv.audit-checkpoints.v1} and returned by the API. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("projectId", projectId);
        json.put("seq", seq);
        json.put("events", events);
        json.put("headHash", HashChain.hex(headHash));
        json.put("time", time);
        json.put("kind", kind);
        json.put("keyId", keyId);
        json.put("algorithm", algorithm);
        json.put("signature", Base64.getEncoder().encodeToString(signature));
        return json;
    }
}
