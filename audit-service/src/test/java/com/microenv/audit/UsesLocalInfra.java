package com.microenv.audit;

import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest of this module runs against the real PostgreSQL and Kafka of deploy/local/stack. */
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
public final class UsesLocalInfra {

    private UsesLocalInfra() {
    }
}
