package com.microenv.secrets.crypto;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCipherTest {

    private static final String VALUE = "postgres://app:s3cr3t@db:5432/app ✓";

    private final EnvelopeCipher cipher = new EnvelopeCipher(new ConfigKeyEncryptionKeyProvider(randomKek()));
    private final UUID project = UUID.randomUUID();
    private final VariableRef ref = new VariableRef(project, "production", "DATABASE_URL", 3);

    @Test
    void sealedValueOpensToTheSameValue() {
        SecretKey key = cipher.newDataKey();
        SealedValue sealed = cipher.seal(key, ref, VALUE);

        assertThat(cipher.open(key, ref, sealed)).isEqualTo(VALUE);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(new String(sealed.ciphertext(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
    }

    @Test
    void everySealUsesAFreshNonce() {
        SecretKey key = cipher.newDataKey();
        SealedValue first = cipher.seal(key, ref, VALUE);
        SealedValue second = cipher.seal(key, ref, VALUE);

        assertThat(first.nonce()).isNotEqualTo(second.nonce());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void tamperedCiphertextFailsToOpen() {
        SecretKey key = cipher.newDataKey();
        SealedValue sealed = cipher.seal(key, ref, VALUE);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[0] ^= 1;

        assertThatThrownBy(() -> cipher.open(key, ref, new SealedValue(sealed.nonce(), tampered)))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("authentication failed");
    }

    @Test
    void tamperedNonceFailsToOpen() {
        SecretKey key = cipher.newDataKey();
        SealedValue sealed = cipher.seal(key, ref, VALUE);
        byte[] nonce = sealed.nonce().clone();
        nonce[11] ^= 1;

        assertThatThrownBy(() -> cipher.open(key, ref, new SealedValue(nonce, sealed.ciphertext())))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void ciphertextMovedToAnotherNameEnvironmentVersionOrProjectFailsToOpen() {
        SecretKey key = cipher.newDataKey();
        SealedValue sealed = cipher.seal(key, ref, VALUE);

        for (VariableRef moved : new VariableRef[]{
                new VariableRef(project, "production", "DATABASE_URL_COPY", 3),
                new VariableRef(project, "staging", "DATABASE_URL", 3),
                new VariableRef(project, "production", "DATABASE_URL", 4),
                new VariableRef(UUID.randomUUID(), "production", "DATABASE_URL", 3)}) {
            assertThatThrownBy(() -> cipher.open(key, moved, sealed))
                    .as("opened at %s", moved)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void fieldBoundariesCannotBeShiftedBetweenEnvironmentAndName() {
        SecretKey key = cipher.newDataKey();
        SealedValue sealed = cipher.seal(key, new VariableRef(project, "prod", "A_B", 1), VALUE);

        assertThatThrownBy(() -> cipher.open(key, new VariableRef(project, "prodA", "_B", 1), sealed))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void valueSealedUnderAnotherProjectsKeyFailsToOpen() {
        SealedValue sealed = cipher.seal(cipher.newDataKey(), ref, VALUE);

        assertThatThrownBy(() -> cipher.open(cipher.newDataKey(), ref, sealed)).isInstanceOf(CryptoException.class);
    }

    @Test
    void wrappedDataKeyUnwrapsToTheSameKey() {
        SecretKey key = cipher.newDataKey();
        WrappedKey wrapped = cipher.wrap(project, key).await().indefinitely();

        assertThat(cipher.unwrap(project, wrapped).await().indefinitely().getEncoded()).isEqualTo(key.getEncoded());
        assertThat(wrapped.ciphertext()).isNotEqualTo(key.getEncoded());
        assertThat(wrapped.kekId()).startsWith("config:");
    }

    @Test
    void wrongKekFailsToUnwrap() {
        WrappedKey wrapped = cipher.wrap(project, cipher.newDataKey()).await().indefinitely();
        ConfigKeyEncryptionKeyProvider otherProvider = new ConfigKeyEncryptionKeyProvider(randomKek());
        EnvelopeCipher otherKek = new EnvelopeCipher(otherProvider);

        assertThatThrownBy(() -> otherKek.unwrap(project, wrapped).await().indefinitely())
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("wrapped by KEK");
        // Even when the stored KEK id is forged to match, the key itself does not open.
        String otherId = otherProvider.kekId();
        assertThatThrownBy(() -> otherKek.unwrap(project, new WrappedKey(otherId, wrapped.ciphertext())).await().indefinitely())
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("authentication failed");
    }

    @Test
    void dataKeyMovedToAnotherProjectFailsToUnwrap() {
        WrappedKey wrapped = cipher.wrap(project, cipher.newDataKey()).await().indefinitely();

        assertThatThrownBy(() -> cipher.unwrap(UUID.randomUUID(), wrapped).await().indefinitely()).isInstanceOf(CryptoException.class);
    }

    @Test
    void sameKekAlwaysHasTheSameIdAndDifferentKeksDifferentIds() {
        String kek = randomKek();

        assertThat(new ConfigKeyEncryptionKeyProvider(kek).kekId())
                .isEqualTo(new ConfigKeyEncryptionKeyProvider(kek).kekId())
                .isNotEqualTo(new ConfigKeyEncryptionKeyProvider(randomKek()).kekId())
                .doesNotContain(kek);
    }

    static String randomKek() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aProviderHoldingThePreviousKekUnwrapsOldKeysAndWrapsWithTheNewOne() {
        String oldKek = randomKek();
        String newKek = randomKek();
        ConfigKeyEncryptionKeyProvider before = new ConfigKeyEncryptionKeyProvider(oldKek);
        ConfigKeyEncryptionKeyProvider during = new ConfigKeyEncryptionKeyProvider(newKek, java.util.List.of(oldKek));
        EnvelopeCipher oldCipher = new EnvelopeCipher(before);
        EnvelopeCipher newCipher = new EnvelopeCipher(during);
        SecretKey key = oldCipher.newDataKey();
        WrappedKey underOld = oldCipher.wrap(project, key).await().indefinitely();

        WrappedKey underNew = newCipher.wrap(project, newCipher.unwrap(project, underOld).await().indefinitely())
                .await().indefinitely();

        assertThat(underNew.kekId()).isEqualTo(during.currentKeyId()).isNotEqualTo(underOld.kekId());
        assertThat(during.keyIds()).containsExactlyInAnyOrder(during.currentKeyId(), before.currentKeyId());
        assertThat(newCipher.unwrap(project, underNew).await().indefinitely().getEncoded()).isEqualTo(key.getEncoded());
        assertThatThrownBy(() -> oldCipher.unwrap(project, underNew).await().indefinitely())
                .isInstanceOf(CryptoException.class);
    }
}
