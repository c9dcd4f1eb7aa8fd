package com.microenv.secrets.crypto;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Envelope encryption: a data key (DEK) per project, wrapped by the KEK; each value sealed with its project's DEK
 * under AES-256-GCM with a fresh nonce and its coordinates as associated data.
 */
@ApplicationScoped
public class EnvelopeCipher {

    private final KeyEncryptionKeyProvider kekProvider;

    public EnvelopeCipher(KeyEncryptionKeyProvider kekProvider) {
        this.kekProvider = kekProvider;
    }

    /** A fresh random 256-bit data key. */
    public SecretKey newDataKey() {
        byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        try {
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The id of the KEK new data keys are wrapped with. */
    public String currentKekId() {
        return kekProvider.currentKeyId();
    }

    /** Every KEK id the provider can unwrap with. */
    public java.util.Set<String> kekIds() {
        return kekProvider.keyIds();
    }

    public Uni<WrappedKey> wrap(UUID projectId, SecretKey dataKey) {
        byte[] raw = dataKey.getEncoded();
        return kekProvider.wrap(projectId, raw, AssociatedData.forDataKey(projectId))
                .onTermination().invoke(() -> Arrays.fill(raw, (byte) 0));
    }

    public Uni<SecretKey> unwrap(UUID projectId, WrappedKey wrappedKey) {
        return kekProvider.unwrap(projectId, wrappedKey, AssociatedData.forDataKey(projectId)).map(EnvelopeCipher::toDataKey);
    }

    /** Crypto-shredding: the KEK provider destroys what it keeps for the project (see the provider). */
    public Uni<Void> destroy(UUID projectId) {
        return kekProvider.destroy(projectId);
    }

    private static SecretKey toDataKey(byte[] raw) {
        try {
            if (raw.length != AesGcm.KEY_BYTES) {
                throw new CryptoException("unwrapped data key has the wrong length");
            }
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    public SealedValue seal(SecretKey dataKey, VariableRef ref, String value) {
        byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
        byte[] plaintext = value.getBytes(StandardCharsets.UTF_8);
        try {
            return new SealedValue(nonce, AesGcm.encrypt(dataKey, nonce, plaintext, AssociatedData.forValue(ref)));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** @throws CryptoException if the value was altered, moved to other coordinates, or sealed under another key */
    public String open(SecretKey dataKey, VariableRef ref, SealedValue sealed) {
        byte[] plaintext = AesGcm.decrypt(dataKey, sealed.nonce(), sealed.ciphertext(), AssociatedData.forValue(ref));
        try {
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
