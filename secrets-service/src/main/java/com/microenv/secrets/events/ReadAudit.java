package com.microenv.secrets.events;

import com.microenv.audit.event.AuditEvent;
import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.service.ServiceException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Audits reads of values before they are released. Fail-closed by default: without Kafka's acknowledgement the
 * read is refused with 503. Once an acknowledgement has failed, Kafka counts as down: further reads are refused at
 * once while a single read at a time probes Kafka again, at most one probe per {@code microenv.audit.probe-interval}
 * after the last failure, so callers (even one-at-a-time ones) do not each wait out the ack timeout.
 */
@ApplicationScoped
public class ReadAudit {

    private static final Logger LOG = Logger.getLogger(ReadAudit.class);

    private final AuditPublisher publisher;
    private final SecretsConfig.Audit config;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean kafkaDown;
    /** When the last acknowledgement failed (System.nanoTime). */
    private volatile long lastFailure;

    public ReadAudit(AuditPublisher publisher, SecretsConfig config) {
        this.publisher = publisher;
        this.config = config.audit();
    }

    /** Completes once the event is acknowledged (or, fail-open, also when it was not). */
    public Uni<Void> audit(AuditEvent event) {
        boolean probe = false;
        if (kafkaDown && config.failClosed()) {
            if (System.nanoTime() - lastFailure < config.probeInterval().toNanos()
                    || !probing.compareAndSet(false, true)) {
                return Uni.createFrom().failure(unavailable());
            }
            probe = true;
        }
        boolean isProbe = probe;
        Uni<Void> acknowledged = publisher.publish(event, config.ackTimeout())
                .onItem().invoke(() -> {
                    if (kafkaDown) {
                        LOG.info("Kafka acknowledges audit events again; reads are served");
                    }
                    kafkaDown = false;
                })
                .onFailure().invoke(failure -> {
                    if (!kafkaDown) {
                        LOG.errorf("Kafka did not acknowledge audit event %s (request %s): %s; reads are refused "
                                + "until it does", event.id(), event.data().requestId(), failure.getMessage());
                    }
                    lastFailure = System.nanoTime();
                    kafkaDown = true;
                })
                .onTermination().invoke(() -> {
                    if (isProbe) {
                        probing.set(false);
                    }
                });
        if (config.failClosed()) {
            return acknowledged.onFailure().transform(failure -> unavailable());
        }
        return acknowledged.onFailure().recoverWithUni(failure -> {
            LOG.warnf("request %s: audit event %s not acknowledged, read allowed (fail-open): %s",
                    event.data().requestId(), event.id(), failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** Whether the last acknowledgement failed. */
    public boolean kafkaDown() {
        return kafkaDown;
    }

    private static ServiceException unavailable() {
        return ServiceException.dependencyUnavailable("kafka",
                "the audit log (Kafka) is unavailable, so no values are released; try again shortly");
    }
}
