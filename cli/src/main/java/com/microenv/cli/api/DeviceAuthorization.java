package com.microenv.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /v1/auth/device}: RFC 8628 §3.2's device authorization response. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceAuthorization(
        @JsonProperty("device_code") String deviceCode,
        @JsonProperty("user_code") String userCode,
        @JsonProperty("verification_uri") String verificationUri,
        @JsonProperty("verification_uri_complete") String verificationUriComplete,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("interval") Long interval) {

    // The device code is a bearer secret until the login completes.
    @Override
    public String toString() {
        return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
    }
}
