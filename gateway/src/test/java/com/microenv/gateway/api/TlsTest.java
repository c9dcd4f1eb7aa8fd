package com.microenv.gateway.api;

import com.microenv.gateway.credentials.TestCredentials;
import com.microenv.gateway.support.UpstreamStubs;
import com.microenv.testinfra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway serving HTTPS from a PEM certificate and key (made here with openssl, as `stack up --tls` does). */
@QuarkusTest
@TestProfile(TlsTest.WithPemCertificate.class)
@QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = false)
class TlsTest {

    static final Path DIR = certificate();

    public static class WithPemCertificate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("MICROENV_GATEWAY_TLS_CERT", DIR.resolve("gateway.crt").toString(),
                    "MICROENV_GATEWAY_TLS_KEY", DIR.resolve("gateway.key").toString(),
                    "quarkus.http.test-ssl-port", Integer.toString(freePort()));
        }
    }

    UpstreamStubs stubs;

    @Test
    void servesHttpsWithHstsAndHttp2OverAlpn() throws Exception {
        String key = TestCredentials.apiKey();
        stubs.auth().accept(key);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(DIR.resolve("gateway.crt"))).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + "/v1/projects/" + UUID.randomUUID() + "/environments"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000; includeSubDomains");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(stubs.secrets().received(r -> "https".equals(r.header("X-Forwarded-Proto")))).isNotEmpty();
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static Path certificate() {
        try {
            Path dir = Files.createTempDirectory("gateway-tls");
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "2",
                    "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", dir.resolve("gateway.key").toString(), "-out", dir.resolve("gateway.crt").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
