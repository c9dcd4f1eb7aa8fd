package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.microenv.auth.api.AuthTestClient.cliTokenFor;
import static com.microenv.auth.api.AuthTestClient.createProjectAs;
import static com.microenv.auth.api.AuthTestClient.exchange;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform operators (docs/contracts.md): a user holding the Keycloak realm role {@code microenv-operator} gets
 * {@code groups: ["microenv-operator"]} in the internal JWT, from the Keycloak token's {@code realm_access.roles}
 * and, for their CLI tokens, from the roles auth-service last saw. The role is granted and taken away through
 * Keycloak's real admin API.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class PlatformOperatorTest {

    private static final String OPERATOR = "microenv-operator";

    @Test
    void operatorRoleReachesTheJwtForKeycloakAndCliTokensAndLeavesWithTheRole() throws Exception {
        String name = "operator-" + UUID.randomUUID().toString().substring(0, 8);
        TestUsers.ensure(name);
        TestUsers.grantRealmRole(name, OPERATOR);
        try {
            String keycloakToken = TestUsers.token(name);
            assertThat(groups(exchange(keycloakToken, null).statusCode(200).extract().path("token"))).containsExactly(OPERATOR);
            String projectId = createProjectAs(keycloakToken, uniqueName("operator"));
            assertThat(groups(exchange(keycloakToken, projectId).statusCode(200).extract().path("token"))).containsExactly(OPERATOR);

            String cliToken = cliTokenFor(keycloakToken);
            assertThat(groups(exchange(cliToken, null).statusCode(200).extract().path("token"))).containsExactly(OPERATOR);
            assertThat(groups(exchange(cliToken, projectId).statusCode(200).extract().path("token"))).containsExactly(OPERATOR);

            // The role is taken away: the next Keycloak token says so, and from then on the CLI token does too.
            TestUsers.removeRealmRole(name, OPERATOR);
            String withoutRole = TestUsers.token(name);
            assertThat(groups(exchange(withoutRole, null).statusCode(200).extract().path("token"))).isEmpty();
            assertThat(groups(exchange(cliToken, projectId).statusCode(200).extract().path("token"))).isEmpty();
        } finally {
            TestUsers.removeRealmRole(name, OPERATOR);
        }
    }

    @Test
    void otherUsersCarryNoGroups() throws Exception {
        String token = TestUsers.token("plain-user");
        assertThat(groups(exchange(token, null).statusCode(200).extract().path("token"))).isEmpty();
        assertThat(groups(exchange(cliTokenFor(token), null).statusCode(200).extract().path("token"))).isEmpty();
    }

    /** The JWT's groups claim (read without verification: TokenExchangeTest verifies signatures against the JWKS). */
    private static java.util.List<String> groups(String jwt) throws Exception {
        JwtClaims claims = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(jwt);
        return claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : java.util.List.of();
    }
}
