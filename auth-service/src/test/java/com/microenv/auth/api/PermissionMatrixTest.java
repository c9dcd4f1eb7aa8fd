package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static com.microenv.auth.api.AuthTestClient.addMember;
import static com.microenv.auth.api.AuthTestClient.createProjectAs;
import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static com.microenv.auth.api.AuthTestClient.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security-model.md's role × action matrix, cell by cell. Actions auth-service performs are done for
 * real; actions other services perform are checked on the claims of the internal JWT the role gets, which is
 * what those services enforce (read, write, admin).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class PermissionMatrixTest {

    enum Action { READ_VALUES, WRITE_VALUES, MANAGE_ENVIRONMENTS, MANAGE_KEYS, MANAGE_MEMBERS, READ_AUDIT, DELETE_PROJECT }

    /** The matrix of docs/security-model.md. */
    private static final Map<String, Set<Action>> ALLOWED = Map.of(
            "owner", Set.of(Action.values()),
            "admin", Set.of(Action.READ_VALUES, Action.WRITE_VALUES, Action.MANAGE_ENVIRONMENTS, Action.MANAGE_KEYS,
                    Action.MANAGE_MEMBERS, Action.READ_AUDIT),
            "developer", Set.of(Action.READ_VALUES, Action.WRITE_VALUES),
            "viewer", Set.of(Action.READ_VALUES));

    static Stream<Arguments> cells() {
        return Stream.of("owner", "admin", "developer", "viewer")
                .flatMap(role -> Arrays.stream(Action.values()).map(action -> Arguments.of(role, action)));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("cells")
    void roleMayDoExactlyWhatTheMatrixSays(String role, Action action) throws Exception {
        String owner = demoUserToken();
        String projectId = createProjectAs(owner, uniqueName("matrix " + role));
        String actor = owner;
        if (!role.equals("owner")) {
            TestUsers.ensure("matrix-" + role);
            jwt(TestUsers.token("matrix-" + role), null); // first sign-in records the user
            addMember(owner, projectId, TestUsers.email("matrix-" + role), role);
            actor = TestUsers.token("matrix-" + role);
        }
        boolean expected = ALLOWED.get(role).contains(action);

        boolean allowed = switch (action) {
            case READ_VALUES -> permissions(actor, projectId).contains("read");
            case WRITE_VALUES -> permissions(actor, projectId).contains("write");
            case MANAGE_ENVIRONMENTS, READ_AUDIT -> permissions(actor, projectId).contains("admin");
            case MANAGE_KEYS -> revokeSomeoneElsesKey(owner, actor, projectId);
            case MANAGE_MEMBERS -> given().auth().oauth2(jwt(actor, projectId)).contentType(ContentType.JSON)
                    .body(Map.of("email", "invitee-" + UUID.randomUUID() + "@example.com", "role", "viewer"))
                    .when().post("/v1/projects/" + projectId + "/members")
                    .then().extract().statusCode() == 201;
            case DELETE_PROJECT -> given().auth().oauth2(jwt(actor, projectId))
                    .when().delete("/v1/projects/" + projectId)
                    .then().extract().statusCode() == 204;
        };

        assertThat(allowed).as("%s may %s", role, action).isEqualTo(expected);
    }

    private static List<String> permissions(String keycloakToken, String projectId) throws Exception {
        JwtClaims claims = TokenExchangeTest.verifiedAgainstJwks(jwt(keycloakToken, projectId));
        return claims.getStringListClaimValue("menv_perms");
    }

    /** A key made by another member (a developer), revoked by the actor. */
    private static boolean revokeSomeoneElsesKey(String owner, String actor, String projectId) {
        TestUsers.ensure("matrix-keymaker");
        String keymaker = TestUsers.token("matrix-keymaker");
        jwt(keymaker, null);
        addMember(owner, projectId, TestUsers.email("matrix-keymaker"), "developer");
        String keyId = given().auth().oauth2(jwt(keymaker, projectId)).contentType(ContentType.JSON)
                .body(Map.of("name", "theirs", "permissions", List.of("read"), "environments", List.of("*")))
                .when().post("/v1/projects/" + projectId + "/api-keys")
                .then().statusCode(201).extract().path("id");
        int status = given().auth().oauth2(jwt(actor, projectId))
                .when().delete("/v1/projects/" + projectId + "/api-keys/" + keyId)
                .then().extract().statusCode();
        assertThat(status).isIn(200, 403);
        return status == 200;
    }
}
