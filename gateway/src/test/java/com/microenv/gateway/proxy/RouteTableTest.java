package com.microenv.gateway.proxy;

import com.microenv.gateway.api.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private static final String P = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @ParameterizedTest
    @CsvSource({
            "/v1/projects/" + P + "/environments, SECRETS",
            "/v1/projects/" + P + "/environments/development/variables, SECRETS",
            "/v1/projects/" + P + "/environments/development/variables/DATABASE_URL, SECRETS",
            "/v1/projects/" + P + "/audit-events, AUDIT",
            "/v1/projects/" + P + "/audit-events/evt-1, AUDIT",
            "/v1/projects/" + P + "/audit-chain/verify, AUDIT",
            "/v1/projects/" + P + ", AUTH",
            "/v1/projects/" + P + "/api-keys, AUTH",
            "/v1/projects/" + P + "/members, AUTH",
            "/v1/projects/" + P + "/environments-archive, AUTH",
    })
    void projectPathsGoToTheServiceOfTheRoutingTableWithTheirProject(String path, Upstream upstream) {
        assertThat(RouteTable.resolve(path)).isEqualTo(new ProxyTarget(upstream, Optional.of(P)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/me/audit-events", "/v1/platform/audit-events", "/v1/platform/audit-chain/verify"})
    void projectlessAuditPathsGoToAuditServiceWithoutAProject(String path) {
        assertThat(RouteTable.resolve(path)).isEqualTo(new ProxyTarget(Upstream.AUDIT, Optional.empty()));
    }

    @Test
    void credentialFreeRoutesAreExactlyTheDeviceFlowsStartAndPollAndTheOidcLogin() {
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/device")).isTrue();
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/device/token")).isTrue();
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/oidc/login")).isTrue();
        assertThat(RouteTable.credentialFree("GET", "/v1/auth/oidc/login")).isFalse();
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/oidc/login/")).isFalse();
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/oidc")).isFalse();
        assertThat(RouteTable.credentialFree("GET", "/v1/auth/device")).isFalse();
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/device/approve")).isFalse();
        assertThat(RouteTable.credentialFree("POST", "/v1/auth/device/token/")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/projects", "/v1/me", "/v1/auth/device", "/v1/auth/device/token", "/v1/auth/oidc/login", "/v1"})
    void pathsWithoutAProjectGoToAuthServiceWithoutOne(String path) {
        assertThat(RouteTable.resolve(path)).isEqualTo(new ProxyTarget(Upstream.AUTH, Optional.empty()));
    }

    @Test
    void percentEncodedSegmentsAreRoutedByTheirMeaning() {
        assertThat(RouteTable.resolve("/v1/projects/" + P + "/%65nvironments").upstream()).isEqualTo(Upstream.SECRETS);
    }

    @Test
    void aTrailingSlashIsTolerated() {
        assertThat(RouteTable.resolve("/v1/projects/" + P + "/environments/").upstream()).isEqualTo(Upstream.SECRETS);
    }

    @Test
    void uppercaseProjectIdsAreExchangedInCanonicalForm() {
        assertThat(RouteTable.resolve("/v1/projects/" + P.toUpperCase() + "/environments").projectId()).contains(P);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/v1/projects/" + P + "/../../internal/v1/token-exchange",
            "/v1/projects/" + P + "/%2e%2e/x",
            "/v1/projects/" + P + "/environments/a%2Fb",
            "/v1/projects/" + P + "/environments/a%5cb",
            "/v1/projects/" + P + ";x=1/environments",
            "/v1//projects",
            "/v1/./projects",
            "/v1/projects/" + P + "/environments/%",
            "/v1/projects/" + P + "/environments/%zz",
            "/v1/projects/" + P + "/environments/a%00b",
            "/v1/projects/not-a-uuid/environments",
    })
    void ambiguousOrMalformedPathsAreABadRequest(String path) {
        assertThatThrownBy(() -> RouteTable.resolve(path))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/internal/v1/token-exchange", "/v2/projects", "/"})
    void pathsOutsideV1AreNotFound(String path) {
        assertThatThrownBy(() -> RouteTable.resolve(path))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
    }
}
