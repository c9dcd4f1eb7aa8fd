package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.microenv.auth.api.AuthTestClient.demoUserToken;
import static com.microenv.auth.api.AuthTestClient.gatewayToken;
import static com.microenv.auth.api.AuthTestClient.jwt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class SigningKeyRotationTest {

    @Test
    void rotationSignsWithANewKeyWhileTokensOfThePreviousOneStillVerify() throws Exception {
        String before = jwt(demoUserToken(), null);
        String oldKid = kid(before);

        var rotated = given().auth().oauth2(gatewayToken())
                .when().post("/internal/v1/signing-keys/rotate")
                .then().statusCode(200).extract();
        String newKid = rotated.path("kid");
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(rotated.<String>path("previousKid")).isEqualTo(oldKid);

        List<String> published = given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        assertThat(published).contains(oldKid, newKid);

        TokenExchangeTest.verifiedAgainstJwks(before);
        given().auth().oauth2(before).when().get("/v1/me").then().statusCode(200);
        String after = jwt(demoUserToken(), null);
        assertThat(kid(after)).isEqualTo(newKid);
        TokenExchangeTest.verifiedAgainstJwks(after);
    }

    @Test
    void onlyAnOperatorIdentityMayRotate() {
        given().auth().oauth2(demoUserToken()).when().post("/internal/v1/signing-keys/rotate").then().statusCode(403);
        given().when().post("/internal/v1/signing-keys/rotate").then().statusCode(401);
    }

    private static String kid(String token) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        return jws.getKeyIdHeaderValue();
    }
}
