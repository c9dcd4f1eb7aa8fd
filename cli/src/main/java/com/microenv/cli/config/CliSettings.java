package com.microenv.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.cli.CliContext;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the CLI gets its API URL and credential from, in order of precedence:
 * API URL: {@code --api-url}, {@code $MICROENV_API_URL}, {@code apiUrl} in {@code config.json}, {@value #DEFAULT_API_URL};
 * credential: {@code $MICROENV_TOKEN}, else the CLI token stored for that API URL in {@code credentials.json}.
 * Both files live in {@code ${XDG_CONFIG_HOME:-~/.config}/microenv/}.
 */
public final class CliSettings {

    public static final String DEFAULT_API_URL = "http://127.0.0.1:8080";
    public static final String API_URL_ENV = "MICROENV_API_URL";
    public static final String TOKEN_ENV = "MICROENV_TOKEN";
    public static final String CONFIG_FILE_NAME = "config.json";
    /** What to tell a user without a usable credential. */
    public static final String CREDENTIAL_HINT = "run 'microenv login', or set " + TOKEN_ENV + " to an API key or CLI token";


    private final CliContext context;

    public CliSettings(CliContext context) {
        this.context = context;
    }

    /** {@code $XDG_CONFIG_HOME/microenv} when that is an absolute path, else {@code ~/.config/microenv}. */
    public Path configDirectory() {
        String xdg = context.envValue("XDG_CONFIG_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : context.home().resolve(".config");
        return base.resolve("microenv");
    }

    public Path configFile() {
        return configDirectory().resolve(CONFIG_FILE_NAME);
    }

    public CredentialStore credentialStore() {
        return new CredentialStore(configDirectory());
    }

    /**
     * The API URL to use; {@code flag} is the value of {@code --api-url} or null.
     *
     * @throws CliException (exit 1) when the configured value is not a usable URL; a bad flag is the caller's usage error
     */
    public ApiUrl apiUrl(String flag) {
        if (flag != null) {
            return ApiUrl.parse(flag, "--api-url");
        }
        String env = context.envValue(API_URL_ENV);
        if (env != null) {
            return parseConfigured(env, API_URL_ENV);
        }
        Optional<String> fromFile = readConfigFile().map(ConfigFile::apiUrl).filter(url -> !url.isBlank());
        if (fromFile.isPresent()) {
            return parseConfigured(fromFile.get(), configFile().toString());
        }
        return ApiUrl.parse(DEFAULT_API_URL, "default");
    }

    /**
     * The credential to present to {@code apiUrl}.
     *
     * @param warnings receives lines worth telling the user even when a credential is found
     * @throws CliException with exit code 3 when there is none, or it is malformed or expired
     */
    public ResolvedCredential credential(ApiUrl apiUrl, Consumer<String> warnings) {
        String fromEnv = context.envValue(TOKEN_ENV);
        if (fromEnv != null) {
            try {
                return new ResolvedCredential(Credential.parse(fromEnv), TOKEN_ENV, null);
            } catch (InvalidCredentialException e) {
                throw new CliException(ExitCodes.AUTH, TOKEN_ENV + " (" + Credential.mask(fromEnv)
                        + ") is not a valid MicroENV API key or CLI token: " + e.getMessage());
            }
        }
        CredentialStore store = credentialStore();
        Optional<StoredCredential> stored;
        try {
            stored = store.find(apiUrl.url());
        } catch (CredentialStore.InsecureFileException e) {
            warnings.accept("ignoring " + e.file() + ": other users can access it (" + e.mode()
                    + "); fix it with: chmod 600 " + e.file());
            stored = Optional.empty();
        } catch (CredentialStore.CredentialStoreException e) {
            throw new CliException(ExitCodes.AUTH, e.getMessage(), e);
        }
        if (stored.isEmpty()) {
            throw new CliException(ExitCodes.AUTH, "no credential for " + apiUrl.url() + ": " + CREDENTIAL_HINT);
        }
        StoredCredential found = stored.get();
        Optional<Instant> expiry = found.expiry();
        if (expiry.isPresent() && !expiry.get().isAfter(context.clock().instant())) {
            throw new CliException(ExitCodes.AUTH, "the token stored for " + apiUrl.url() + " expired at "
                    + expiry.get() + ": " + CREDENTIAL_HINT);
        }
        try {
            return new ResolvedCredential(Credential.parse(found.token()), store.file().toString(), found.expiresAt());
        } catch (InvalidCredentialException e) {
            throw new CliException(ExitCodes.AUTH, "the token stored for " + apiUrl.url() + " in " + store.file()
                    + " is not valid: " + e.getMessage());
        }
    }

    private ApiUrl parseConfigured(String value, String source) {
        try {
            return ApiUrl.parse(value, source);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage());
        }
    }

    private Optional<ConfigFile> readConfigFile() {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(file.toFile(), ConfigFile.class));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new CliException(ExitCodes.ERROR, file + " is not valid JSON" + where);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A credential and where it came from ({@code MICROENV_TOKEN} or the credentials file).
     *
     * @param expiresAt the stored token's expiry as {@code login} recorded it; null when unknown or from the environment
     */
    public record ResolvedCredential(Credential credential, String source, String expiresAt) {
    }

    /** {@code config.json}: settings that are not secret. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigFile(String apiUrl) {
    }

    /** Jackson on first use only: making an ObjectMapper costs more start-up time than most commands need. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
