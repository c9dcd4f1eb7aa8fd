package com.microenv.auth.api;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
class HealthAndJwksTest {

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        String body = given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .extract().asString();
        assertThat(body).containsIgnoringCase("database").containsIgnoringCase("kafka");
    }

    @Test
    void jwksIsPublicAndListsOnlyPublicRsaKeys() {
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .header("Cache-Control", containsString("max-age"))
                .body("keys", not(empty()))
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys.kid", everyItem(notNullValue()))
                .body("keys.n", everyItem(notNullValue()))
                .body("keys.d", everyItem(nullValue()))
                .body("keys.p", everyItem(nullValue()));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
