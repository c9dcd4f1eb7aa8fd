package com.microenv.gateway.credentials;

import com.microenv.gateway.api.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialParserTest {

    private static final String JWT = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"u\"}") + ".c2ln";

    @Test
    void apiKeyWithValidChecksumIsAccepted() {
        String key = TestCredentials.apiKey();

        Credential credential = CredentialParser.parse(List.of("Bearer " + key));

        assertThat(credential.kind()).isEqualTo(CredentialKind.API_KEY);
        assertThat(credential.secret()).isEqualTo(key);
    }

    @Test
    void cliTokenWithValidChecksumIsAccepted() {
        assertThat(CredentialParser.parse(List.of("Bearer " + TestCredentials.cliToken())).kind())
                .isEqualTo(CredentialKind.CLI_TOKEN);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertThat(CredentialParser.parse(List.of("bearer " + TestCredentials.apiKey())).kind())
                .isEqualTo(CredentialKind.API_KEY);
    }

    @Test
    void jwtShapedTokenIsPassedOnAsAUserToken() {
        Credential credential = CredentialParser.parse(List.of("Bearer " + JWT));

        assertThat(credential.kind()).isEqualTo(CredentialKind.USER_TOKEN);
        assertThat(credential.secret()).isEqualTo(JWT);
    }

    @Test
    void mistypedApiKeyIsRejectedWithAChecksumDetail() {
        String mistyped = TestCredentials.withBadChecksum(TestCredentials.apiKey());

        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer " + mistyped)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(401);
                    assertThat(e.problem().detail()).contains("checksum").doesNotContain(mistyped);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer not-a-credential",
            "Bearer menv_sk_short",
            "Bearer menv_sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab0yIm7!",
            "Basic dXNlcjpwYXNz",
            "Bearer ",
            "Bearer a.b.c",
            "menv_sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab0yIm7m"
    })
    void somethingThatCannotBeACredentialIsUnauthorized(String header) {
        assertThatThrownBy(() -> CredentialParser.parse(List.of(header)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().status()).isEqualTo(401));
    }

    @Test
    void missingOrDuplicatedHeaderIsUnauthorized() {
        assertThatThrownBy(() -> CredentialParser.parse(List.of()))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().detail()).contains("Missing"));
        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer " + JWT, "Bearer " + JWT)))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void oversizedBearerValueIsUnauthorized() {
        String huge = JWT + "x".repeat(CredentialParser.MAX_CREDENTIAL_LENGTH);

        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer " + huge))).isInstanceOf(GatewayException.class);
    }

    @Test
    void credentialNeverShowsItselfInToString() {
        String key = TestCredentials.apiKey();

        Credential credential = CredentialParser.parse(List.of("Bearer " + key));

        assertThat(credential.toString()).doesNotContain(key).doesNotContain(key.substring(8, 20));
        assertThat(credential.fingerprint()).hasSize(64).doesNotContain(key);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
