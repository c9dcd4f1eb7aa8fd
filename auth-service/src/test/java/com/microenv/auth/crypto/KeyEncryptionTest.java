package com.microenv.auth.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyEncryptionTest {

    private static final String KEK = Base64.getEncoder().encodeToString(new byte[32]);
    private static final byte[] SECRET = "private key bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROW = "microenv-auth/signing-key/mk-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedBytesOpenWithTheSameKekAndAssociatedData() {
        KeyEncryption kek = KeyEncryption.fromBase64(KEK);

        byte[] blob = kek.seal(SECRET, ROW);

        assertThat(blob).hasSize(12 + SECRET.length + 16);
        assertThat(kek.open(blob, ROW)).isEqualTo(SECRET);
    }

    @Test
    void everySealUsesAFreshNonce() {
        KeyEncryption kek = KeyEncryption.fromBase64(KEK);

        assertThat(kek.seal(SECRET, ROW)).isNotEqualTo(kek.seal(SECRET, ROW));
    }

    @Test
    void blobMovedToAnotherRowDoesNotOpen() {
        KeyEncryption kek = KeyEncryption.fromBase64(KEK);
        byte[] blob = kek.seal(SECRET, ROW);

        assertThatThrownBy(() -> kek.open(blob, "microenv-auth/signing-key/mk-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void alteredBlobDoesNotOpen() {
        KeyEncryption kek = KeyEncryption.fromBase64(KEK);
        byte[] blob = kek.seal(SECRET, ROW);
        blob[blob.length - 1] ^= 1;

        assertThatThrownBy(() -> kek.open(blob, ROW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void blobSealedUnderAnotherKekDoesNotOpen() {
        byte[] other = new byte[32];
        other[0] = 1;
        byte[] blob = KeyEncryption.fromBase64(Base64.getEncoder().encodeToString(other)).seal(SECRET, ROW);

        assertThatThrownBy(() -> KeyEncryption.fromBase64(KEK).open(blob, ROW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void kekOfTheWrongLengthIsRefusedWithoutEchoingIt() {
        String shortKek = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> KeyEncryption.fromBase64(shortKek))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKek);
        assertThatThrownBy(() -> KeyEncryption.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64!");
    }
}
