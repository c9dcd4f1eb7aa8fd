package com.microenv.cli.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL of the MicroENV API (the gateway), without a trailing slash, and where it was configured.
 *
 * @param url    e.g. {@code http://127.0.0.1:8080}
 * @param source {@code --api-url}, {@code MICROENV_API_URL}, the config file's path, or {@code default}
 */
public record ApiUrl(String url, String source) {

    /**
     * Checks that {@code raw} is an absolute http(s) URL without user info, query or fragment.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ApiUrl parse(String raw, String source) {
        String text = raw == null ? "" : raw.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("API URL from " + source + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("API URL from " + source + " must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("API URL from " + source + " has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("API URL from " + source + " must not contain user info, a query or a fragment");
        }
        return new ApiUrl(CredentialStore.normalize(text), source);
    }

    public URI uri() {
        return URI.create(url);
    }

    /** True when requests (and so the credential) would cross the network unencrypted. */
    public boolean isPlainHttpToRemoteHost() {
        URI uri = uri();
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }
}
