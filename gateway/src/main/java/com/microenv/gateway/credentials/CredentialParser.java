package com.microenv.gateway.credentials;

import com.microenv.credential.CredentialFormat;
import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.Problem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the bearer credential from the Authorization header and rejects what cannot be a credential before any
 * network call: a missing header, another scheme, a MicroENV key or token with a wrong checksum, anything else that
 * is not shaped like a JWT.
 */
public final class CredentialParser {

    /** Generous for a Keycloak access token with many roles, small enough to refuse junk early. */
    static final int MAX_CREDENTIAL_LENGTH = 16 * 1024;

    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final String BEARER = "bearer ";

    private CredentialParser() {
    }

    /** The credential in the request's Authorization header values, or a 401 problem. */
    public static Credential parse(List<String> authorizationHeaders) {
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            throw unauthorized("Missing credential: send 'Authorization: Bearer <API key, CLI token, workload token "
                    + "or access token>'.");
        }
        if (authorizationHeaders.size() > 1) {
            throw unauthorized("Send exactly one Authorization header.");
        }
        String header = authorizationHeaders.get(0).strip();
        if (header.length() < BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("The Authorization header must use the Bearer scheme.");
        }
        String value = header.substring(BEARER.length()).strip();
        if (value.isEmpty()) {
            throw unauthorized("Missing credential after 'Bearer'.");
        }
        if (value.length() > MAX_CREDENTIAL_LENGTH) {
            throw unauthorized("The bearer credential is too long to be a MicroENV credential or access token.");
        }
        if (value.startsWith(CredentialFormat.API_KEY_PREFIX)) {
            return microenvToken(CredentialKind.API_KEY, CredentialFormat.Kind.API_KEY, value, "API key");
        }
        if (value.startsWith(CredentialFormat.CLI_TOKEN_PREFIX)) {
            return microenvToken(CredentialKind.CLI_TOKEN, CredentialFormat.Kind.CLI_TOKEN, value, "CLI token");
        }
        if (value.startsWith(CredentialFormat.WORKLOAD_TOKEN_PREFIX)) {
            return microenvToken(CredentialKind.WORKLOAD_TOKEN, CredentialFormat.Kind.WORKLOAD_TOKEN, value,
                    "workload token");
        }
        if (looksLikeJwt(value)) {
            return new Credential(CredentialKind.USER_TOKEN, value);
        }
        throw unauthorized("Unrecognized credential: expected an API key (menv_sk_…), a CLI token (menv_ct_…), "
                + "a workload token (menv_wt_…) or an access token.");
    }

    private static Credential microenvToken(CredentialKind kind, CredentialFormat.Kind format, String value, String what) {
        if (value.length() != CredentialFormat.LENGTH || !isBase62After(value, CredentialFormat.PREFIX_LENGTH)) {
            throw unauthorized("Malformed " + what + ": expected the prefix and 44 letters or digits.");
        }
        if (!CredentialFormat.isValid(value, format)) {
            throw unauthorized("The " + what + " checksum does not match: it is mistyped or not a MicroENV " + what + ".");
        }
        return new Credential(kind, value);
    }

    private static boolean isBase62After(String value, int start) {
        for (int i = start; i < value.length(); i++) {
            if (CredentialFormat.ALPHABET.indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeJwt(String value) {
        if (!JWT_SHAPE.matcher(value).matches()) {
            return false;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))),
                    StandardCharsets.UTF_8);
            return header.strip().startsWith("{") && header.contains("\"alg\"");
        } catch (IllegalArgumentException notBase64Url) {
            return false;
        }
    }

    private static GatewayException unauthorized(String detail) {
        return new GatewayException(Problem.unauthorized(detail));
    }
}
