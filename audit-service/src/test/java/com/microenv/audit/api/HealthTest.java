package com.microenv.audit.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class HealthTest {

    @Test
    void readinessChecksPostgresqlAndKafkaForReal() {
        given()
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Reactive PostgreSQL connections health check",
                        "Kafka connection health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }
}
