package com.microenv.secrets.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigKeyEncryptionKeyProviderTest {

    @Test
    void missingKekStopsStartupWithAClearMessage() {
        assertThatThrownBy(() -> new ConfigKeyEncryptionKeyProvider((String) null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICROENV_KEK is not set")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> new ConfigKeyEncryptionKeyProvider("  "))
                .hasMessageContaining("MICROENV_KEK is not set");
    }

    @Test
    void shortKekIsRefusedWithItsLengthButNotItsValue() {
        String shortKek = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> new ConfigKeyEncryptionKeyProvider(shortKek))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("decodes to 16 bytes but must be exactly 32")
                .hasMessageNotContaining(shortKek);
    }

    @Test
    void longKekIsRefused() {
        assertThatThrownBy(() -> new ConfigKeyEncryptionKeyProvider(Base64.getEncoder().encodeToString(new byte[64])))
                .hasMessageContaining("decodes to 64 bytes");
    }

    @Test
    void kekThatIsNotBase64IsRefused() {
        assertThatThrownBy(() -> new ConfigKeyEncryptionKeyProvider("not base64 at all!"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("not base64 at all!");
    }
}
