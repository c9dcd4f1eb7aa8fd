package com.microenv.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * Quarkus test resource: real HTTP servers in place of auth-, secrets- and audit-service, with the gateway's
 * upstream URLs pointed at them. Tests receive the running stubs in a field of type {@link UpstreamStubs}.
 */
public class UpstreamStubs implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;
    private AuthServiceStub auth;
    private StubServer secrets;
    private StubServer audit;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        auth = new AuthServiceStub(vertx);
        secrets = new StubServer("secrets-service", vertx);
        audit = new StubServer("audit-service", vertx);
        auth.start();
        secrets.start();
        audit.start();
        return Map.of(
                // A free port rather than 0: the tests read the management (metrics) port from this property.
                "quarkus.management.test-port", Integer.toString(freePort()),
                "MICROENV_AUTH_URL", auth.url(),
                "MICROENV_SECRETS_URL", secrets.url(),
                "MICROENV_AUDIT_URL", audit.url(),
                "microenv.gateway.upstream-timeout", "2s");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.MatchesType(UpstreamStubs.class));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            StubServer.await(vertx.close());
        }
    }

    public AuthServiceStub auth() {
        return auth;
    }

    public StubServer secrets() {
        return secrets;
    }

    public StubServer audit() {
        return audit;
    }
}
