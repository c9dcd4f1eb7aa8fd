package com.microenv.gateway.proxy;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersTest {

    @Test
    void clientCredentialHopByHopAndSpoofableHeadersStayBehind() {
        MultiMap incoming = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer menv_sk_secret")
                .add("Connection", "keep-alive, X-Private")
                .add("X-Private", "hop")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Proxy-Authorization", "Basic x")
                .add("Host", "api.example")
                .add("Cookie", "session=1")
                .add("X-Forwarded-For", "6.6.6.6")
                .add("X-Request-Id", "client-chosen")
                .add("User-Agent", "curl/8")
                .add("Content-Type", "application/json")
                .add("Content-Length", "12")
                .add("If-Match", "\"3\"")
                .add("Accept", "application/json");

        MultiMap out = ForwardedHeaders.requestHeaders(incoming);

        assertThat(out.names()).containsExactlyInAnyOrder("User-Agent", "Content-Type", "Content-Length", "If-Match", "Accept");
    }

    @Test
    void upstreamHopByHopHeadersAreNotRelayedToTheClient() {
        MultiMap incoming = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "close")
                .add("Transfer-Encoding", "chunked")
                .add("Content-Type", "application/json")
                .add("ETag", "\"4\"")
                .add("X-Request-Id", "upstream-made");

        assertThat(ForwardedHeaders.responseHeaders(incoming).names()).containsExactlyInAnyOrder("Content-Type", "ETag");
    }
}
