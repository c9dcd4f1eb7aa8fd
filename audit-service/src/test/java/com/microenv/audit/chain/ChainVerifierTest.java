package com.microenv.audit.chain;

import com.microenv.audit.TestEvents;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTest {

    private final String project = UUID.randomUUID().toString();

    @Test
    void anEmptyChainIsValid() {
        ChainVerification result = ChainVerifier.verify(project, List.of());

        assertThat(result.valid()).isTrue();
        assertThat(result.events()).isZero();
        assertThat(result.headHash()).isNull();
    }

    @Test
    void anUntouchedChainIsValidAndReportsItsHead() {
        List<StoredLink> chain = chain(5);

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isTrue();
        assertThat(result.events()).isEqualTo(5);
        assertThat(result.headHash()).isEqualTo(HashChain.hex(chain.get(4).hash()));
        assertThat(result.brokenAt()).isNull();
    }

    @Test
    void anEditedEventBreaksTheChainAtThatEvent() {
        List<StoredLink> chain = chain(5);
        StoredLink original = chain.get(2);
        chain.set(2, new StoredLink(original.seq(), original.columns(),
                original.event().replace("variable.read", "variable.written"), original.prevHash(), original.hash()));

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(original.seq());
        assertThat(result.reason()).isEqualTo("hash-mismatch");
        assertThat(result.events()).isEqualTo(3);
    }

    @Test
    void anEditedEventWithARecomputedHashBreaksTheChainAtTheNextEvent() {
        List<StoredLink> chain = chain(5);
        StoredLink original = chain.get(2);
        String forged = original.event().replace("DATABASE_URL", "NOTHING_TO_SEE");
        chain.set(2, new StoredLink(original.seq(), original.columns(), forged, original.prevHash(),
                HashChain.link(original.prevHash(), forged)));

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(chain.get(3).seq());
        assertThat(result.reason()).isEqualTo("prev-hash-mismatch");
    }

    @Test
    void aMissingEventBreaksTheChainAtItsSuccessor() {
        List<StoredLink> chain = chain(5);
        StoredLink successor = chain.get(2);
        chain.remove(1);

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(successor.seq());
        assertThat(result.reason()).isEqualTo("prev-hash-mismatch");
    }

    @Test
    void aMissingFirstEventIsDetected() {
        List<StoredLink> chain = chain(3);
        chain.remove(0);

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(chain.get(0).seq());
    }

    @Test
    void swappedEventsAreDetected() {
        List<StoredLink> chain = chain(4);
        StoredLink second = chain.get(1);
        chain.set(1, chain.get(2));
        chain.set(2, second);

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).isEqualTo("prev-hash-mismatch");
    }

    @Test
    void anEditedFilterColumnIsDetectedThoughTheHashedEventIsIntact() {
        List<StoredLink> chain = chain(3);
        StoredLink original = chain.get(1);
        EventColumns c = original.columns();
        EventColumns edited = new EventColumns(c.projectId(), c.eventId(), c.type(), c.time(), "someone-else",
                c.environment(), c.action(), c.outcome());
        chain.set(1, new StoredLink(original.seq(), edited, original.event(), original.prevHash(), original.hash()));

        ChainVerification result = ChainVerifier.verify(project, chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(original.seq());
        assertThat(result.reason()).isEqualTo("columns-mismatch");
    }

    @Test
    void anEventOfAnotherProjectInsideTheChainIsDetected() {
        List<StoredLink> chain = chain(2);

        ChainVerification result = ChainVerifier.verify(UUID.randomUUID().toString(), chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(chain.get(0).seq());
        assertThat(result.reason()).isEqualTo("columns-mismatch");
    }

    @Test
    void feedingInBatchesGivesTheSameResultAsTheWholeList() {
        List<StoredLink> chain = chain(7);
        ChainVerifier verifier = new ChainVerifier(project);
        chain.subList(0, 3).forEach(verifier::accept);
        chain.subList(3, 7).forEach(verifier::accept);

        assertThat(verifier.result()).isEqualTo(ChainVerifier.verify(project, chain));
    }

    /** A correct chain of {@code n} events with gaps in seq, as a real table has after other projects' rows. */
    private List<StoredLink> chain(int n) {
        List<StoredLink> links = new ArrayList<>();
        byte[] prev = HashChain.genesis();
        for (int i = 0; i < n; i++) {
            AuditEvent event = TestEvents.variableRead(project, "key_" + i, "production");
            String canonical = AuditEventCodec.toJson(event);
            byte[] hash = HashChain.link(prev, canonical);
            links.add(new StoredLink(10L * (i + 1), EventColumns.of(event), canonical, prev, hash));
            prev = hash;
        }
        return links;
    }
}
