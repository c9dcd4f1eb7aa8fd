package com.microenv.audit.chain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashChainTest {

    @Test
    void genesisIs32ZeroBytes() {
        assertThat(HashChain.genesis()).hasSize(32).containsOnly(0);
    }

    @Test
    void linkIsSha256OfPrevHashFollowedByTheEventBytes() throws Exception {
        byte[] prev = HashChain.genesis();
        String event = "{\"id\":\"é\"}";

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(prev);
        sha256.update(event.getBytes(StandardCharsets.UTF_8));

        assertThat(HashChain.link(prev, event)).isEqualTo(sha256.digest());
    }

    @Test
    void knownVectorForTheFirstLinkOfAnEmptyEvent() {
        // SHA-256 of 32 zero bytes, computed independently (e.g. `head -c 32 /dev/zero | sha256sum`).
        assertThat(HashChain.hex(HashChain.link(HashChain.genesis(), "")))
                .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    }

    @Test
    void theSameEventAfterADifferentPredecessorHashesDifferently() {
        byte[] first = HashChain.link(HashChain.genesis(), "a");
        assertThat(HashChain.link(first, "b")).isNotEqualTo(HashChain.link(HashChain.genesis(), "b"));
    }

    @Test
    void aPrevHashOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> HashChain.link(new byte[31], "e")).isInstanceOf(IllegalArgumentException.class);
    }
}
