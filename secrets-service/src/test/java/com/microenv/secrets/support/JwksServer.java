package com.microenv.secrets.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Serves the test key set at {@code /.well-known/jwks.json} over HTTP, as auth-service does, so the service
 * verifies test tokens through the same remote-JWKS path it uses in production. While the system property
 * {@value #OUTAGE_PROPERTY} is true it answers 503, as an auth-service that is down would.
 */
public class JwksServer implements QuarkusTestResourceLifecycleManager {

    /** JVM-wide (so it holds across Quarkus' class loaders) switch that simulates an auth-service outage. */
    public static final String OUTAGE_PROPERTY = "secrets-test.jwks-outage";

    static final String JWKS_RESOURCE = "/test-keys/jwks.json";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        byte[] jwks = read(JWKS_RESOURCE);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> {
            if (Boolean.getBoolean(OUTAGE_PROPERTY)) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
        return Map.of("mp.jwt.verify.publickey.location", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = JwksServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
