package com.microenv.secrets.crypto;

import com.microenv.secrets.config.SecretsConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The KEK from configuration ({@code MICROENV_KEK}: base64 of 32 random bytes; a Kubernetes Secret in production).
 * Created at startup so that a missing or malformed KEK stops the service with a clear message instead of failing
 * the first request.
 */
@Startup
@ApplicationScoped
public class ConfigKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    static final String KEK_VARIABLE = "MICROENV_KEK";

    private final SecretKey kek;
    private final String kekId;

    @Inject
    ConfigKeyEncryptionKeyProvider(SecretsConfig config) {
        this(config.crypto().kek().orElse(null));
    }

    /** A provider for the given base64 KEK; fails with {@link IllegalStateException} naming what is wrong. */
    public ConfigKeyEncryptionKeyProvider(String base64Kek) {
        byte[] raw = decode(base64Kek);
        try {
            this.kek = new SecretKeySpec(raw, "AES");
            this.kekId = "config:" + fingerprint(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The id recorded beside every data key this provider wraps: a fingerprint, not the key. */
    public String kekId() {
        return kekId;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] context) {
        byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
        byte[] sealed = AesGcm.encrypt(kek, nonce, dataKey, context);
        return new WrappedKey(kekId, ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    }

    @Override
    public byte[] unwrap(WrappedKey wrappedKey, byte[] context) {
        if (!kekId.equals(wrappedKey.kekId())) {
            throw new CryptoException("data key was wrapped by KEK '" + wrappedKey.kekId()
                    + "' but the configured KEK is '" + kekId + "'");
        }
        byte[] bytes = wrappedKey.ciphertext();
        if (bytes.length <= AesGcm.NONCE_BYTES) {
            throw new CryptoException("wrapped data key is truncated");
        }
        byte[] nonce = Arrays.copyOfRange(bytes, 0, AesGcm.NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(bytes, AesGcm.NONCE_BYTES, bytes.length);
        return AesGcm.decrypt(kek, nonce, sealed, context);
    }

    private static byte[] decode(String base64Kek) {
        if (base64Kek == null || base64Kek.isBlank()) {
            throw new IllegalStateException(KEK_VARIABLE + " is not set: secrets-service needs the key-encryption key, "
                    + "the base64 encoding of 32 random bytes (for example: openssl rand -base64 32)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Kek.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(KEK_VARIABLE + " is not valid base64: it must be the base64 encoding of "
                    + "32 random bytes (for example: openssl rand -base64 32)");
        }
        if (raw.length != AesGcm.KEY_BYTES) {
            int length = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new IllegalStateException(KEK_VARIABLE + " decodes to " + length + " bytes but must be exactly "
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
