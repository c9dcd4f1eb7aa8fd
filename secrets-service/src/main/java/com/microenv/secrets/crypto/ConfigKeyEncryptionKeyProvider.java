package com.microenv.secrets.crypto;

import io.smallrye.mutiny.Uni;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEKs from configuration: {@code MICROENV_KEK} (base64 of 32 random bytes; a Kubernetes Secret in production) is
 * the current one; {@code MICROENV_KEK_PREVIOUS} (comma-separated, same form) holds retired KEKs that still unwrap
 * during a rotation. The default provider ({@code microenv.crypto.kek-provider=config}); made at startup by
 * {@link KeyEncryptionKeyProviders} so that a missing or malformed KEK stops the service with a clear message.
 */
public class ConfigKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    static final String KEK_VARIABLE = "MICROENV_KEK";
    static final String PREVIOUS_VARIABLE = "MICROENV_KEK_PREVIOUS";

    private final String currentId;
    private final Map<String, SecretKey> keks = new LinkedHashMap<>();

    /** A provider for the given base64 KEK; fails with {@link IllegalStateException} naming what is wrong. */
    public ConfigKeyEncryptionKeyProvider(String base64Kek) {
        this(base64Kek, List.of());
    }

    /** A provider wrapping with {@code base64Kek} and also unwrapping with each of {@code previous}. */
    public ConfigKeyEncryptionKeyProvider(String base64Kek, List<String> previous) {
        this.currentId = add(base64Kek, KEK_VARIABLE);
        for (String old : previous) {
            if (old != null && !old.isBlank()) {
                add(old, PREVIOUS_VARIABLE);
            }
        }
    }

    /** The id recorded beside every data key this provider wraps: a fingerprint, not the key. */
    public String kekId() {
        return currentId;
    }

    @Override
    public String currentKeyId() {
        return currentId;
    }

    @Override
    public Set<String> keyIds() {
        return Set.copyOf(keks.keySet());
    }

    @Override
    public Uni<WrappedKey> wrap(byte[] dataKey, byte[] context) {
        return Uni.createFrom().item(() -> wrapNow(dataKey, context));
    }

    @Override
    public Uni<byte[]> unwrap(WrappedKey wrappedKey, byte[] context) {
        return Uni.createFrom().item(() -> unwrapNow(wrappedKey, context));
    }

    WrappedKey wrapNow(byte[] dataKey, byte[] context) {
        byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
        byte[] sealed = AesGcm.encrypt(keks.get(currentId), nonce, dataKey, context);
        return new WrappedKey(currentId, ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    }

    byte[] unwrapNow(WrappedKey wrappedKey, byte[] context) {
        SecretKey kek = keks.get(wrappedKey.kekId());
        if (kek == null) {
            throw new CryptoException("data key was wrapped by KEK '" + wrappedKey.kekId()
                    + "', which is neither the configured KEK '" + currentId + "' nor one of " + PREVIOUS_VARIABLE);
        }
        byte[] bytes = wrappedKey.ciphertext();
        if (bytes.length <= AesGcm.NONCE_BYTES) {
            throw new CryptoException("wrapped data key is truncated");
        }
        byte[] nonce = Arrays.copyOfRange(bytes, 0, AesGcm.NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(bytes, AesGcm.NONCE_BYTES, bytes.length);
        return AesGcm.decrypt(kek, nonce, sealed, context);
    }

    private String add(String base64Kek, String variable) {
        byte[] raw = decode(base64Kek, variable);
        try {
            String id = "config:" + fingerprint(raw);
            keks.putIfAbsent(id, new SecretKeySpec(raw, "AES"));
            return id;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] decode(String base64Kek, String variable) {
        if (base64Kek == null || base64Kek.isBlank()) {
            throw new IllegalStateException(variable + " is not set: secrets-service needs the key-encryption key, "
                    + "the base64 encoding of 32 random bytes (for example: openssl rand -base64 32)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Kek.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " is not valid base64: it must be the base64 encoding of "
                    + "32 random bytes (for example: openssl rand -base64 32)");
        }
        if (raw.length != AesGcm.KEY_BYTES) {
            int length = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new IllegalStateException(variable + " decodes to " + length + " bytes but must be exactly "
                    + AesGcm.KEY_BYTES + " (a 256-bit key; for example: openssl rand -base64 32)");
        }
        return raw;
    }

    private static String fingerprint(byte[] raw) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("microenv/kek-id/v1:".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(raw), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
