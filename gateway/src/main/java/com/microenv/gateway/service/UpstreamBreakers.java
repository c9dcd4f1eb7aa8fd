package com.microenv.gateway.service;

import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.Problem;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.proxy.Upstream;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.Handler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.Map;

/**
 * One Vert.x circuit breaker per upstream. Only transport failures count (refused, timed out, broken before an
 * answer); any HTTP answer, even a 503, is the upstream speaking and is passed through. While a circuit is open the
 * gateway answers a 503 problem naming the service at once; after {@code reset-timeout} one trial request goes
 * through and, if it is answered, the circuit closes again.
 */
@ApplicationScoped
public class UpstreamBreakers {

    private static final Logger LOG = Logger.getLogger(UpstreamBreakers.class);

    private final Map<Upstream, CircuitBreaker> breakers = new EnumMap<>(Upstream.class);
    private final long resetSeconds;

    public UpstreamBreakers(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
        GatewayConfig.CircuitBreakerConfig settings = config.circuitBreaker();
        this.resetSeconds = Math.max(1, settings.resetTimeout().toSeconds());
        for (Upstream upstream : Upstream.values()) {
            CircuitBreaker breaker = CircuitBreaker.create("upstream-" + upstream.serviceName(), vertx,
                    new CircuitBreakerOptions()
                            .setMaxFailures(settings.failures())
                            .setFailuresRollingWindow(settings.rollingWindow().toMillis())
                            .setResetTimeout(settings.resetTimeout().toMillis())
                            .setTimeout(-1)
                            .setFallbackOnFailure(false));
            breaker.openHandler(opened -> {
                LOG.warnf("Circuit to %s is open: answering 503 for %s", upstream.serviceName(), settings.resetTimeout());
                metrics.upstreamError(upstream.serviceName(), "circuit-opened");
            });
            breaker.closeHandler(closed -> LOG.infof("Circuit to %s is closed again", upstream.serviceName()));
            breakers.put(upstream, breaker);
        }
    }

    @PreDestroy
    void close() {
        breakers.values().forEach(CircuitBreaker::close);
    }

    /**
     * Runs {@code call} through the upstream's breaker. The call fails its promise only for transport failures; an
     * open circuit fails at once with a 503 {@link GatewayException} naming the service.
     */
    public <T> Future<T> call(Upstream upstream, Handler<Promise<T>> call) {
        CircuitBreaker breaker = breakers.get(upstream);
        return breaker.<T>execute(call).recover(failure -> {
            if (failure instanceof io.vertx.circuitbreaker.OpenCircuitException) {
                return Future.failedFuture(new GatewayException(Problem.unavailable(upstream.serviceName()
                        + " is unavailable (it failed repeatedly just now); try again shortly.").retryAfter(resetSeconds)));
            }
            return Future.failedFuture(failure);
        });
    }

    public CircuitBreakerState state(Upstream upstream) {
        return breakers.get(upstream).state();
    }
}
