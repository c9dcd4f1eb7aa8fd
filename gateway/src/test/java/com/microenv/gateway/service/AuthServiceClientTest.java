package com.microenv.gateway.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuthServiceClientTest {

    @Test
    void expiryIsReadFromTheJwtExpClaim() {
        String jwt = part("{\"alg\":\"RS256\"}") + "." + part("{\"exp\":1900000000,\"sub\":\"key_1\"}") + ".sig";

        assertThat(AuthServiceClient.jwtExpiry(jwt)).isEqualTo(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    void aTokenWithoutReadableExpHasNoExpiry() {
        assertThat(AuthServiceClient.jwtExpiry("opaque-token")).isNull();
        assertThat(AuthServiceClient.jwtExpiry("a.b.c")).isNull();
        assertThat(AuthServiceClient.jwtExpiry(part("{}") + "." + part("{\"exp\":\"soon\"}") + ".s")).isNull();
    }

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
