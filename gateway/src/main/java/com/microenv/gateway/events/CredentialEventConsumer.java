package com.microenv.gateway.events;

import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.service.GatewayMetrics;
import com.microenv.gateway.service.TokenCache;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every partition of {@code microenv.credentials.v1} in a consumer group of its own (prefix plus a random
 * suffix, so every replica sees every event), from the latest offset, and evicts what each event names
 * (docs/contracts.md, "Credential events"). Runs on a thread of its own: the event loop never waits for Kafka.
 * Between polls it asks the broker for the end offsets, which both proves the stream live ({@link StreamState}) and
 * gives the consumer lag.
 */
@ApplicationScoped
public class CredentialEventConsumer {

    private static final Logger LOG = Logger.getLogger(CredentialEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long CHECK_EVERY_NANOS = Duration.ofMillis(1000).toNanos();

    private final GatewayConfig.RevocationConfig config;
    private final TokenCache cache;
    private final StreamState state;
    private final GatewayMetrics metrics;
    private final String groupId;
    private final Set<String> unknownTypesLogged = ConcurrentHashMap.newKeySet();
    private final AtomicLong lagMessages = new AtomicLong();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private Thread thread;

    public CredentialEventConsumer(GatewayConfig config, TokenCache cache, StreamState state, GatewayMetrics metrics) {
        this.config = config.revocation();
        this.cache = cache;
        this.state = state;
        this.metrics = metrics;
        this.groupId = this.config.groupIdPrefix() + "-" + UUID.randomUUID();
    }

    void onStart(@Observes StartupEvent started) {
        Gauge.builder("microenv.gateway.revocations.consumer.lag", lagMessages, AtomicLong::get)
                .description("Credential events published but not yet read by this replica")
                .register(metrics.registry());
        Gauge.builder("microenv.gateway.revocations.stream.live", state, s -> s.live() ? 1 : 0)
                .description("1 while this replica hears the credential event stream")
                .register(metrics.registry());
        running = true;
        thread = new Thread(this::run, "credential-events");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent stopping) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This replica's consumer group. */
    public String groupId() {
        return groupId;
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        while (running) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(props)) {
                consumer = kafka;
                consume(kafka);
            } catch (WakeupException stopping) {
                // shutting down
            } catch (RuntimeException broken) {
                state.lost();
                if (running) {
                    LOG.warnf("Credential event consumer failed, restarting it: %s", broken.toString());
                    pause();
                }
            }
        }
        state.lost();
    }

    private void consume(KafkaConsumer<String, String> kafka) {
        kafka.subscribe(List.of(config.topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Fix the starting offsets now (latest), so that whatever is published after readiness is seen.
                partitions.forEach(kafka::position);
                LOG.infof("Credential events: consumer group %s reads %s", groupId, partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    state.lost();
                }
            }
        });
        long lastCheck = 0;
        boolean wasLive = false;
        while (running) {
            for (ConsumerRecord<String, String> record : kafka.poll(POLL)) {
                apply(record.value());
            }
            if (System.nanoTime() - lastCheck >= CHECK_EVERY_NANOS) {
                lastCheck = System.nanoTime();
                Set<TopicPartition> assigned = kafka.assignment();
                if (!assigned.isEmpty()) {
                    try {
                        Map<TopicPartition, Long> ends = kafka.endOffsets(assigned);
                        long lag = 0;
                        for (TopicPartition partition : assigned) {
                            lag += Math.max(0, ends.getOrDefault(partition, 0L) - kafka.position(partition));
                        }
                        lagMessages.set(lag);
                        state.confirmed();
                    } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                        LOG.debugf("Credential event stream: broker did not answer: %s", unreachable.getMessage());
                    }
                }
            }
            boolean live = state.live();
            if (live != wasLive) {
                if (live) {
                    LOG.infof("Credential event stream is live (group %s)", groupId);
                } else {
                    LOG.warnf("Credential event stream is unreachable: cached exchanges are reused for at most %s",
                            config.fallbackMaxAge());
                }
                wasLive = live;
            }
        }
    }

    /** Applies one event value; anything unreadable is logged (without its content) and skipped. */
    void apply(String value) {
        JsonObject event;
        try {
            event = value == null ? null : new JsonObject(value);
        } catch (DecodeException | ClassCastException unreadable) {
            event = null;
        }
        if (event == null) {
            LOG.warn("Credential events: skipped a value that is not a JSON object");
            return;
        }
        String type = String.valueOf(event.getValue("type"));
        String projectId = stringOrNull(event.getValue("projectId"));
        String userId = stringOrNull(event.getValue("userId"));
        long evicted;
        switch (type) {
            case "credential.revoked" -> {
                Object ids = event.getValue("credentialIds");
                if (!(ids instanceof JsonArray array) || array.isEmpty()) {
                    LOG.warnf("Credential events: %s %s names no credentialIds; skipped", type, event.getValue("id"));
                    return;
                }
                evicted = cache.evictCredentials(array.stream().map(String::valueOf).toList());
            }
            case "member.changed" -> {
                if (projectId == null || userId == null) {
                    LOG.warnf("Credential events: %s %s lacks projectId or userId; skipped", type, event.getValue("id"));
                    return;
                }
                evicted = cache.evictUserInProject(userId, projectId);
            }
            case "project.deleted" -> {
                if (projectId == null) {
                    LOG.warnf("Credential events: %s %s lacks projectId; skipped", type, event.getValue("id"));
                    return;
                }
                evicted = cache.evictProject(projectId);
            }
            default -> {
                if (unknownTypesLogged.add(type)) {
                    LOG.infof("Credential events: ignoring events of unknown type '%s'", type);
                }
                return;
            }
        }
        Duration lag = null;
        try {
            String time = stringOrNull(event.getValue("time"));
            lag = time == null ? null : Duration.between(Instant.parse(time), Instant.now());
        } catch (DateTimeParseException unreadableTime) {
            // lag unknown
        }
        metrics.revocationApplied(type, evicted, lag);
        LOG.debugf("Credential events: applied %s %s, evicted %d cached exchanges", type, event.getValue("id"), evicted);
    }

    private static String stringOrNull(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
