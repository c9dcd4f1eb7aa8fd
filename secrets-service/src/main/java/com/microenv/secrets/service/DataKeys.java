package com.microenv.secrets.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.crypto.EnvelopeCipher;
import com.microenv.secrets.crypto.WrappedKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.SecretKey;
import java.util.UUID;

/**
 * Hands out projects' unwrapped data keys, keeping them in memory for a short while so that not every request
 * reaches the database and the KEK provider (a KMS round trip, once the KEK lives in one).
 */
@ApplicationScoped
public class DataKeys {

    private final ProjectProvisioner provisioner;
    private final EnvelopeCipher cipher;
    private final Cache<UUID, SecretKey> cache;

    public DataKeys(ProjectProvisioner provisioner, EnvelopeCipher cipher, SecretsConfig config) {
        this.provisioner = provisioner;
        this.cipher = cipher;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.crypto().dekCacheTtl())
                .maximumSize(config.crypto().dekCacheSize())
                .build();
    }

    /**
     * The project's data key, provisioning the project on its first use. A key is cached only after the
     * transaction that stored it has committed, so a rolled-back key is never used.
     */
    public Uni<SecretKey> forProject(Caller caller, UUID projectId) {
        SecretKey cached = cache.getIfPresent(projectId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return provisioner.ensureProvisioned(caller, projectId)
                .flatMap(stored -> cipher.unwrap(projectId, new WrappedKey(stored.kekId, stored.wrappedDek)))
                .invoke(key -> cache.put(projectId, key));
    }

    /** Forgets a project's data key (after crypto-shredding). */
    public void forget(UUID projectId) {
        cache.invalidate(projectId);
    }
}
