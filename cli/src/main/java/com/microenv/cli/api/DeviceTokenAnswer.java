package com.microenv.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One answer of {@code POST /v1/auth/device/token}: either the CLI token ({@code 200 {"token","expiresAt"}}, with
 * {@code id} and {@code user} when the server says), or an RFC 8628 §3.5 {@code error} ({@code 400 {"error"}}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceTokenAnswer(String token, String expiresAt, @JsonProperty("id") String tokenId, String error,
                                @JsonProperty("error_description") String errorDescription) {

    @Override
    public String toString() {
        return "DeviceTokenAnswer[" + (error == null ? "token, expiresAt=" + expiresAt : "error=" + error) + "]";
    }
}
