package com.microenv.secrets.support;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The resources every {@code @QuarkusTest} here runs with: the real local PostgreSQL and Kafka (LocalInfra), and a
 * stand-in for auth-service's JWKS endpoint serving the test signing key.
 */
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwksServer.class, restrictToAnnotatedClass = false)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
