package com.microenv.auth.api;

import com.microenv.auth.crypto.SigningKeyRing;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

import java.util.List;

/** The public keys that verify internal JWTs: the active key and recently retired ones. Public. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeyRing ring;

    public JwksResource(SigningKeyRing ring) {
        this.ring = ring;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        List<JsonWebKey> keys = ring.published().stream().map(published -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey(published.publicKey());
            jwk.setKeyId(published.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return (JsonWebKey) jwk;
        }).toList();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(60);
        return Response.ok(new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .cacheControl(cache)
                .build();
    }
}
