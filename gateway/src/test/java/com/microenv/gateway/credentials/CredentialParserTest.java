package com.microenv.gateway.credentials;

import com.microenv.gateway.api.GatewayException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
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
    void workloadTokenWithValidChecksumIsAccepted() {
        String token = TestCredentials.workloadToken();

        Credential credential = CredentialParser.parse(List.of("Bearer " + token));

        assertThat(credential.kind()).isEqualTo(CredentialKind.WORKLOAD_TOKEN);
        assertThat(credential.secret()).isEqualTo(token);
    }

    @Test
    void mistypedWorkloadTokenIsRejectedLocallyNamingTheWorkloadToken() {
        String mistyped = TestCredentials.withBadChecksum(TestCredentials.workloadToken());

        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer " + mistyped)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(401);
                    assertThat(e.problem().detail()).isEqualTo(
                            "The workload token checksum does not match: it is mistyped or not a MicroENV workload token.")
                            .doesNotContain(mistyped);
                });
    }

    @Test
    void workloadTokenOfTheWrongLengthIsMalformed() {
        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer menv_wt_" + "0".repeat(40))))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().detail())
                        .startsWith("Malformed workload token"));
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

    @Test
    void mistypedCliTokenNamesTheCliTokenInTheDetail() {
        String mistyped = TestCredentials.withBadChecksum(TestCredentials.cliToken());

        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer " + mistyped)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().detail())
                        .isEqualTo("The CLI token checksum does not match: it is mistyped or not a MicroENV CLI token."));
    }

    @Property
    void apiKeyOfTheWrongLengthIsMalformedNotMistyped(@ForAll @IntRange(min = 0, max = 60) int bodyLength) {
        Assume.that(bodyLength != 44);
        String body = "0".repeat(bodyLength);

        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer menv_sk_" + body)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().detail())
                        .isEqualTo("Malformed API key: expected the prefix and 44 letters or digits."));
    }

    @Property
    void apiKeyWithACharacterOutsideBase62IsMalformedNotMistyped(@ForAll @IntRange(min = 8, max = 51) int position,
                                                               @ForAll("nonBase62") char bad) {
        String key = TestCredentials.apiKey();
        String broken = key.substring(0, position) + bad + key.substring(position + 1);

        assertThatThrownBy(() -> CredentialParser.parse(List.of("Bearer " + broken)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().detail())
                        .isEqualTo("Malformed API key: expected the prefix and 44 letters or digits."));
    }

    @Provide
    Arbitrary<Character> nonBase62() {
        // Printable ASCII only: the header value is stripped, so surrounding whitespace would not stay in place.
        return Arbitraries.chars().range('!', '~').filter(c -> !Character.isLetterOrDigit(c));
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
