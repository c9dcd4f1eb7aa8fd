package com.microenv.gateway.service;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamFailuresTest {

    @Test
    void refusedConnectionMeansTheUpstreamIsUnavailable() {
        assertThat(UpstreamFailures.problemFor("secrets-service", new ConnectException("Connection refused")).status())
                .isEqualTo(503);
        assertThat(UpstreamFailures.problemFor("secrets-service", new ConnectTimeoutException("connect timed out")).status())
                .isEqualTo(503);
    }

    @Test
    void silenceFromTheUpstreamIsAGatewayTimeout() {
        assertThat(UpstreamFailures.problemFor("audit-service", new TimeoutException("idle")).status()).isEqualTo(504);
    }

    @Test
    void anyOtherBreakageIsABadGatewayNamingTheService() {
        var problem = UpstreamFailures.problemFor("auth-service", new IllegalStateException("Connection was closed"));

        assertThat(problem.status()).isEqualTo(502);
        assertThat(problem.detail()).contains("auth-service");
    }
}
