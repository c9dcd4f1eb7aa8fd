package com.microenv.cli.config;

import com.microenv.credential.CredentialFormat;

import java.util.Arrays;
import java.util.Optional;

/**
 * An API key ({@code menv_sk_…}), CLI token ({@code menv_ct_…}) or workload token ({@code menv_wt_…}) whose format and checksum were checked.
 * {@link #toString()} masks it; only {@link #secret()} gives the whole string, for the Authorization header.
 */
public final class Credential {

    /** Characters after the prefix: the random part and its checksum. */
    public static final int BODY_LENGTH = CredentialFormat.RANDOM_LENGTH + CredentialFormat.CHECKSUM_LENGTH;

    /** The kinds of credential the CLI can present, by prefix. */
    public enum Kind {
        API_KEY(CredentialFormat.Kind.API_KEY, "API key"),
        CLI_TOKEN(CredentialFormat.Kind.CLI_TOKEN, "CLI token"),
        /** Short-lived, from {@code login --oidc-token-file} (an outside identity provider's JWT traded at a trust). */
        WORKLOAD_TOKEN(CredentialFormat.Kind.WORKLOAD_TOKEN, "workload token");

        private final CredentialFormat.Kind format;
        private final String label;

        Kind(CredentialFormat.Kind format, String label) {
            this.format = format;
            this.label = label;
        }

        public String prefix() {
            return format.prefix();
        }

        public String label() {
            return label;
        }

        static Optional<Kind> ofToken(String token) {
            return Arrays.stream(values()).filter(kind -> token.startsWith(kind.prefix())).findFirst();
        }
    }

    private final Kind kind;
    private final String secret;

    private Credential(Kind kind, String secret) {
        this.kind = kind;
        this.secret = secret;
    }

    /**
     * Checks prefix, length, alphabet and checksum. Surrounding whitespace (a newline from a file) is ignored.
     *
     * @throws InvalidCredentialException saying what is wrong, without the token itself
     */
    public static Credential parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidCredentialException("it is empty");
        }
        String token = raw.strip();
        Kind kind = Kind.ofToken(token).orElseThrow(() ->
                new InvalidCredentialException("it does not start with menv_sk_ (API key), menv_ct_ (CLI token) or menv_wt_ (workload token)"));
        String body = token.substring(kind.prefix().length());
        if (body.length() != BODY_LENGTH) {
            throw new InvalidCredentialException("it has " + body.length() + " characters after " + kind.prefix()
                    + ", expected " + BODY_LENGTH + " (truncated when copied?)");
        }
        for (int i = 0; i < body.length(); i++) {
            if (CredentialFormat.ALPHABET.indexOf(body.charAt(i)) < 0) {
                throw new InvalidCredentialException("it contains a character outside 0-9A-Za-z");
            }
        }
        if (!CredentialFormat.isValid(token, kind.format)) {
            throw new InvalidCredentialException("its checksum does not match (mistyped or not a MicroENV " + kind.label() + ")");
        }
        return new Credential(kind, token);
    }

    /**
     * A form safe to print: the prefix, the first and last three characters, e.g. {@code menv_sk_abc…xyz}.
     * Works on any string, valid or not, and never shows more than six characters of it.
     */
    public static String mask(String raw) {
        if (raw == null || raw.isBlank()) {
            return "(empty)";
        }
        String token = raw.strip();
        Optional<Kind> kind = Kind.ofToken(token);
        String prefix = kind.map(Kind::prefix).orElse("");
        String body = token.substring(prefix.length());
        if (body.length() < 20) {
            return prefix + "…";
        }
        return prefix + body.substring(0, 3) + "…" + body.substring(body.length() - 3);
    }

    public Kind kind() {
        return kind;
    }

    /** The full token, for the Authorization header only. */
    public String secret() {
        return secret;
    }

    public String masked() {
        return mask(secret);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credential that && that.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return kind.label() + " " + masked();
    }
}
