package com.microenv.examples.auditconsumer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline parts (JSON, canonical form, signature, chain); AuditConsumerExampleTest in audit-service runs it against the broker. */
class CheckpointVerifierTest {

    @Test
    void jsonOfEveryKindIsRead() {
        Object parsed = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": \"x\\\"\\u00e9\\n\", \"c\": {}} ");

        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertThat((List<?>) map.get("a")).hasSize(5).element(2).isEqualTo(true);
        assertThat(map.get("b")).isEqualTo("x\"é\n");
        assertThat(map.get("c")).isEqualTo(Map.of());
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "nul", "{} x", "\"\\q\"")) {
            assertThatThrownBy(() -> Json.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(bad.isEmpty() ? "\u0000" : bad);
        }
    }

    @Test
    void theCanonicalFormIsTheDocumentedEightLines() {
        assertThat(CheckpointVerifier.canonical(checkpoint("kid", "c2ln"))).isEqualTo("""
                microenv-audit-checkpoint/v1
                project=p1
                seq=42
                events=7
                head=%s
                time=2026-12-02T18:01:00.104233Z
                kind=periodic
                key=kid
                """.formatted("ab".repeat(32)));
    }

    @Test
    void aSignatureByTheTrustedKeyVerifiesAndAnyChangeBreaksIt() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        CheckpointVerifier verifier = new CheckpointVerifier();
        String keyId = verifier.trust(Base64.getEncoder().encodeToString(raw));
        assertThat(keyId).hasSize(16).isEqualTo(CheckpointVerifier.keyId(raw));

        Map<String, Object> checkpoint = checkpoint(keyId, "");
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(CheckpointVerifier.canonical(checkpoint).getBytes(StandardCharsets.UTF_8));
        checkpoint.put("signature", Base64.getEncoder().encodeToString(signer.sign()));

        assertThat(verifier.verify(checkpoint)).isEqualTo(CheckpointVerifier.Signed.VALID);
        Map<String, Object> changed = new LinkedHashMap<>(checkpoint);
        changed.put("events", new java.math.BigDecimal(8));
        assertThat(verifier.verify(changed)).isEqualTo(CheckpointVerifier.Signed.INVALID);
        Map<String, Object> otherKey = new LinkedHashMap<>(checkpoint);
        otherKey.put("keyId", "0000000000000000");
        assertThat(verifier.verify(otherKey)).isEqualTo(CheckpointVerifier.Signed.UNKNOWN_KEY);
    }

    @Test
    void theChainStartsFromThirtyTwoZeroBytes() throws Exception {
        Chains chains = new Chains();
        chains.append("p", "{\"a\":1}");
        chains.append("p", "{\"b\":2}");

        var sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);
        byte[] first = sha.digest("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        sha.update(first);
        byte[] second = sha.digest("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(chains.hashOf("p", 2)).isEqualTo(java.util.HexFormat.of().formatHex(second));
        assertThat(chains.hashOf("p", 3)).isNull();
        assertThat(chains.length("other")).isZero();
    }

    @Test
    void optionsFallBackToTheStackSettings() {
        AuditConsumer.Options options = AuditConsumer.Options.parse(new String[]{"--project", "p1", "--idle-exit=5"},
                Map.of("MICROENV_KAFKA_BOOTSTRAP", "h:1", "MICROENV_API_URL", "http://gw:8080/", "MICROENV_TOKEN", "t"));

        assertThat(options.bootstrap()).isEqualTo("h:1");
        assertThat(options.publicKeyUrl()).hasToString("http://gw:8080/v1/projects/p1/audit-chain/public-key");
        assertThat(options.token()).isEqualTo("t");
        assertThat(options.idleExit()).hasSeconds(5);
        assertThatThrownBy(() -> AuditConsumer.Options.parse(new String[]{"--nope=1"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> checkpoint(String keyId, String signature) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", new java.math.BigDecimal(1));
        json.put("projectId", "p1");
        json.put("seq", new java.math.BigDecimal(42));
        json.put("events", new java.math.BigDecimal(7));
        json.put("headHash", "ab".repeat(32));
        json.put("time", "2026-12-02T18:01:00.104233Z");
        json.put("kind", "periodic");
        json.put("keyId", keyId);
        json.put("algorithm", "Ed25519");
        json.put("signature", signature);
        return json;
    }
}
