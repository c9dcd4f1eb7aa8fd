package com.microenv.gateway.events;

import com.microenv.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Whether this replica currently hears the credential event stream: live while the consumer has its partitions and
 * the broker answered within {@code live-window}. The token cache asks it before reusing an old exchange.
 */
@ApplicationScoped
public class StreamState {

    private final long liveWindowNanos;
    private volatile long lastConfirmedNanos;
    private volatile boolean confirmedOnce;

    public StreamState(GatewayConfig config) {
        this.liveWindowNanos = config.revocation().liveWindow().toNanos();
    }

    /** The consumer holds its partitions and the broker just answered. */
    void confirmed() {
        lastConfirmedNanos = System.nanoTime();
        confirmedOnce = true;
    }

    /** The consumer lost its partitions (or is closing). */
    void lost() {
        confirmedOnce = false;
    }

    public boolean live() {
        return confirmedOnce && System.nanoTime() - lastConfirmedNanos < liveWindowNanos;
    }

    /** Time since the broker last answered, or {@code null} if it never did (or the partitions were lost since). */
    public Duration silence() {
        return confirmedOnce ? Duration.ofNanos(System.nanoTime() - lastConfirmedNanos) : null;
    }
}
