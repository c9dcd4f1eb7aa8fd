package com.microenv.secrets.service;

import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.WrappedKey;
import com.microenv.secrets.events.AuditEvents;
import com.microenv.secrets.persistence.OutboxRepository;
import com.microenv.secrets.persistence.ProjectKey;
import com.microenv.secrets.persistence.ProjectKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Re-wraps every project's data key under the current KEK, in small transactions, while the service keeps serving:
 * values are untouched (the data keys do not change), the KEK provider still unwraps with the previous KEK, and
 * cached data keys stay valid. The state is the {@code kek_id} column itself, so an interrupted rotation simply
 * resumes with the keys that are left; several replicas may rotate side by side ({@code SKIP LOCKED}).
 */
@ApplicationScoped
public class KekRotation {

    private static final Logger LOG = Logger.getLogger(KekRotation.class);

    private final ProjectKeyRepository keys;
    private final OutboxRepository outbox;
    private final EnvelopeCipher cipher;
    private final Background background;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong rewrappedByThisReplica = new AtomicLong();

    public KekRotation(ProjectKeyRepository keys, OutboxRepository outbox, EnvelopeCipher cipher, Background background,
                       SecretsConfig config) {
        this.keys = keys;
        this.background = background;
        this.outbox = outbox;
        this.cipher = cipher;
        this.batchSize = config.crypto().rotationBatchSize();
    }

    /**
     * Where a rotation stands.
     *
     * @param currentKekId the KEK new keys are wrapped with
     * @param keysByKek    how many data keys each KEK id wraps
     * @param remaining    data keys not yet under the current KEK
     * @param running      whether this replica is rotating now
     * @param rewrapped    keys this replica re-wrapped since it started
     */
    public record Progress(String currentKekId, Map<String, Long> keysByKek, long remaining, boolean running,
                           long rewrapped) {
    }

    public Uni<Progress> progress() {
        String current = cipher.currentKekId();
        return Panache.withSession(keys::countByKek).map(counts -> {
            long remaining = counts.entrySet().stream().filter(e -> !e.getKey().equals(current))
                    .mapToLong(Map.Entry::getValue).sum();
            return new Progress(current, counts, remaining, running.get(), rewrappedByThisReplica.get());
        });
    }

    /**
     * Starts a rotation in the background unless one runs here already.
     *
     * @return whether this call started one
     */
    public boolean start() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        background.run(this::runBatches)
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(
                        total -> LOG.infof("KEK rotation finished: every data key is under %s", cipher.currentKekId()),
                        failure -> LOG.errorf("KEK rotation stopped (it resumes on the next start or request): %s",
                                failure.getMessage()));
        return true;
    }

    private Uni<Long> runBatches() {
        return batch().flatMap(count -> count == 0 ? Uni.createFrom().item(0L)
                : runBatches().map(more -> more + count));
    }

    /** Re-wraps one batch in one transaction; answers how many keys it re-wrapped. */
    Uni<Long> batch() {
        String target = cipher.currentKekId();
        java.util.Set<String> held = cipher.kekIds();
        return Panache.withTransaction(() -> keys.lockNotWrappedBy(target, held, batchSize)
                .flatMap(locked -> Multi.createFrom().iterable(locked)
                        .onItem().transformToUniAndConcatenate(key -> rewrap(key, target))
                        .collect().asList()
                        .map(done -> (long) done.size())))
                .invoke(count -> {
                    if (count > 0) {
                        rewrappedByThisReplica.addAndGet(count);
                        LOG.infof("KEK rotation: re-wrapped %d data keys under %s", count, target);
                    }
                });
    }

    private Uni<ProjectKey> rewrap(ProjectKey key, String target) {
        String from = key.kekId;
        return cipher.unwrap(key.projectId, new WrappedKey(key.kekId, key.wrappedDek))
                .flatMap(dataKey -> cipher.wrap(key.projectId, dataKey))
                .flatMap(wrapped -> {
                    key.wrappedDek = wrapped.ciphertext();
                    key.kekId = wrapped.kekId();
                    return outbox.append(AuditEvents.kekRotated(key.projectId, from, target)).replaceWith(key);
                });
    }
}
