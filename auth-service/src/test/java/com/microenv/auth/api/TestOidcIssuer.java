package com.microenv.auth.api;

import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A real, minimal OIDC issuer on a loopback port (the JDK's HTTP server): discovery document and JWKS of an RSA
 * key made here, so tests can sign tokens whose times Keycloak would never issue (expired, not yet valid).
 */
final class TestOidcIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final String issuer;

    private TestOidcIssuer(HttpServer server, RsaJsonWebKey key) {
        this.server = server;
        this.key = key;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer";
    }

    static TestOidcIssuer start() throws IOException, JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("test-" + UUID.randomUUID().toString().substring(0, 8));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TestOidcIssuer issuer = new TestOidcIssuer(server, key);
        server.createContext("/issuer/.well-known/openid-configuration", exchange -> issuer.answer(exchange,
                "{\"issuer\":\"" + issuer.issuer + "\",\"jwks_uri\":\"" + issuer.issuer + "/jwks\"}"));
        server.createContext("/issuer/jwks", exchange -> issuer.answer(exchange, new JsonWebKeySet(key).toJson()));
        server.start();
        return issuer;
    }

    String issuer() {
        return issuer;
    }

    /** A token of this issuer for audience {@code microenv} with {@code repository}, adjusted by {@code edit}. */
    String token(Consumer<JwtClaims> edit) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience("microenv");
        claims.setSubject("repo:acme/api:ref:refs/heads/main");
        claims.setClaim("repository", "acme/api");
        claims.setClaim("ref", "refs/heads/main");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setGeneratedJwtId();
        edit.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    static NumericDate secondsFromNow(long seconds) {
        NumericDate date = NumericDate.now();
        date.addSeconds(seconds);
        return date;
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An RSA key of nobody's: what an attacker would sign with. */
    static RsaJsonWebKey strangerKey() throws JoseException {
        return RsaJwkGenerator.generateJwk(2048);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
