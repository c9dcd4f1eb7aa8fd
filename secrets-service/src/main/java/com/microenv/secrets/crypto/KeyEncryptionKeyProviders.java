package com.microenv.secrets.crypto;

import com.microenv.secrets.config.SecretsConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Chooses the {@link KeyEncryptionKeyProvider} by {@code microenv.crypto.kek-provider} ({@code MICROENV_KEK_PROVIDER}):
 * {@code config} (default: {@code MICROENV_KEK} wraps every data key) or {@code local-keyring} (a key per project in
 * a folder outside the database, destroyed with the project). A cloud KMS would be a third value here.
 */
@ApplicationScoped
public class KeyEncryptionKeyProviders {

    private static final Logger LOG = Logger.getLogger(KeyEncryptionKeyProviders.class);

    static final String CONFIG = "config";
    static final String LOCAL_KEYRING = "local-keyring";

    @Produces
    @Startup
    @ApplicationScoped
    KeyEncryptionKeyProvider provider(SecretsConfig config) {
        SecretsConfig.Crypto crypto = config.crypto();
        String kek = crypto.kek().orElse(null);
        List<String> previous = crypto.previousKeks().orElse(List.of());
        String kind = crypto.kekProvider().trim();
        switch (kind) {
            case CONFIG:
                return new ConfigKeyEncryptionKeyProvider(kek, previous);
            case LOCAL_KEYRING:
                LocalKeyringKeyEncryptionKeyProvider keyring = new LocalKeyringKeyEncryptionKeyProvider(
                        Path.of(crypto.keyring().dir()), crypto.keyring().generation(), kek, previous,
                        crypto.dekCacheSize(), crypto.keyring().migrateConfigKeys());
                LOG.infof("data keys are wrapped by per-project keys in the local keyring %s (generation %d)",
                        keyring.directory(), crypto.keyring().generation());
                return keyring;
            default:
                throw new IllegalStateException("microenv.crypto.kek-provider (MICROENV_KEK_PROVIDER) is '" + kind
                        + "'; it must be '" + CONFIG + "' or '" + LOCAL_KEYRING + "'");
        }
    }
}
