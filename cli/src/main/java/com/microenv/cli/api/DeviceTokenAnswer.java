package com.microenv.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One answer of {@code POST /v1/auth/device/token}: either the CLI token
 * ({@code 200 {"access_token","token_type","expires_in","token_id"}}), or an RFC 8628 §3.5 {@code error}
 * ({@code 400 {"error","error_description"}}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceTokenAnswer(@JsonProperty("access_token") String token, @JsonProperty("expires_in") Long expiresIn,
                                @JsonProperty("token_id") String tokenId, String error,
                                @JsonProperty("error_description") String errorDescription) {

    /** When the token expires, counted from now (call it when the answer arrives); null when the server said nothing. */
    public String expiresAt() {
        return expiresIn == null ? null : java.time.Instant.now().plusSeconds(expiresIn).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    @Override
    public String toString() {
        return "DeviceTokenAnswer[" + (error == null ? "token, expiresIn=" + expiresIn : "error=" + error) + "]";
    }
}
