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
                "MICROENV_AUTH_URL", auth.url(),
                "MICROENV_SECRETS_URL", secrets.url(),
                "MICROENV_AUDIT_URL", audit.url(),
                "microenv.gateway.upstream-timeout", "2s");
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
