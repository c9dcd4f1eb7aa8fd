package com.microenv.examples.auditconsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An outside team's audit consumer, with nothing but kafka-clients and the JDK: prints every event of
 * {@code microenv.audit.v1} (deduplicated by id), computes each project's hash chain, and checks every checkpoint of
 * {@code microenv.audit-checkpoints.v1}: its Ed25519 signature with the public key audit-service serves, and its
 * head hash against the chain computed here. See docs/audit-events.md, Example consumer, for how to run it.
 *
 * <p>Output, one line each: {@code event …}, {@code duplicate …}, {@code skipped …}, {@code checkpoint …}, and a
 * final {@code summary …}. Exit code 0 when every checkpoint checked out, 2 when one did not, 64 for bad options.
 */
public final class AuditConsumer {

    static final String EVENTS_TOPIC = "microenv.audit.v1";
    static final String CHECKPOINTS_TOPIC = "microenv.audit-checkpoints.v1";
    static final int BAD_CHECKPOINT = 2;
    static final int USAGE = 64;

    private final Options options;
    private final PrintStream out;
    private final CheckpointVerifier verifier = new CheckpointVerifier();
    private final Chains chains = new Chains();
    private final Set<String> seenIds = new HashSet<>();
    /** Checkpoints whose signature verified but whose events this consumer has not all chained yet. */
    private final List<Map<String, Object>> waiting = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private long events;
    private long duplicates;
    private long skipped;
    private long checkpoints;
    private long matched;
    private long bad;
    private long unverified;

    AuditConsumer(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with command-line options until idle for {@code --idle-exit} seconds (or for ever); the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("audit-consumer: " + e.getMessage());
            err.println(Options.USAGE_TEXT);
            return USAGE;
        }
        AuditConsumer consumer = new AuditConsumer(options, out);
        try {
            consumer.loadKeys();
        } catch (Exception e) {
            err.println("audit-consumer: cannot load the checkpoint public key: " + e.getMessage());
            return USAGE;
        }
        return consumer.consume();
    }

    void loadKeys() throws Exception {
        for (String key : options.publicKeys()) {
            out.println("trusting key " + verifier.trust(key) + " (given)");
        }
        if (options.publicKeyUrl() != null) {
            HttpRequest.Builder request = HttpRequest.newBuilder(options.publicKeyUrl()).timeout(Duration.ofSeconds(10)).GET();
            if (options.token() != null) {
                request.header("Authorization", "Bearer " + options.token());
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(options.publicKeyUrl() + " answered " + response.statusCode());
            }
            Map<String, Object> body = Json.object(response.body());
            List<String> served = new ArrayList<>();
            served.add(CheckpointVerifier.text(body, "publicKey"));
            if (body.get("trustedKeys") instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof Map<?, ?> map && map.get("publicKey") instanceof String k) {
                        served.add(k);
                    }
                }
            }
            for (String key : served) {
                out.println("trusting key " + verifier.trust(key) + " (served by audit-service)");
            }
        }
        if (!verifier.hasKeys()) {
            out.println("no public key given: checkpoint signatures are reported as unknown-key");
        }
    }

    int consume() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            Thread hook = new Thread(() -> {
                stop.set(true);
                consumer.wakeup();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            consumer.subscribe(List.of(options.eventsTopic(), options.checkpointsTopic()), new SeekToSince(consumer));
            long idleSince = System.nanoTime();
            try {
                while (!stop.get()) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    // Events before checkpoints of the same poll: a checkpoint never covers events not yet published.
                    boolean relevant = false;
                    for (ConsumerRecord<String, String> record : records) {
                        if (record.topic().equals(options.eventsTopic())) {
                            relevant |= onEvent(record);
                        }
                    }
                    for (ConsumerRecord<String, String> record : records) {
                        if (record.topic().equals(options.checkpointsTopic())) {
                            relevant |= onCheckpoint(record);
                        }
                    }
                    recheckWaiting();
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                    if (relevant) {
                        idleSince = System.nanoTime();
                    } else if (options.idleExit() != null
                            && System.nanoTime() - idleSince > options.idleExit().toNanos()) {
                        break;
                    }
                }
            } catch (WakeupException e) {
                // Ctrl-C
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
        for (Map<String, Object> checkpoint : waiting) {
            report(checkpoint, "valid", "unchecked (saw " + chains.length(CheckpointVerifier.text(checkpoint, "projectId"))
                    + " of its events: read the project's partition from its first event to compare)");
        }
        out.printf("summary events=%d duplicates=%d skipped=%d checkpoints=%d matched=%d unchecked=%d bad=%d%n",
                events, duplicates, skipped, checkpoints, matched, waiting.size() + unverified, bad);
        out.flush();
        return bad == 0 ? 0 : BAD_CHECKPOINT;
    }

    /** Handles an event record; whether it concerned the selected project (or any, without --project). */
    private boolean onEvent(ConsumerRecord<String, String> record) {
        Map<String, Object> event;
        try {
            event = Json.object(record.value());
            if (!"1.0".equals(event.get("specversion")) || !(event.get("id") instanceof String)
                    || !(event.get("type") instanceof String type) || !type.startsWith("com.microenv.")) {
                throw new IllegalArgumentException("not a MicroENV CloudEvent");
            }
        } catch (IllegalArgumentException e) {
            // Never print the record: it may hold anything.
            boolean ours = options.project() == null || options.project().equals(record.key());
            if (ours) {
                skipped++;
                out.println("skipped " + position(record) + ": not an audit event");
            }
            return ours;
        }
        String id = (String) event.get("id");
        Map<?, ?> data = event.get("data") instanceof Map<?, ?> m ? m : Map.of();
        String project = data.get("projectId") instanceof String p ? p : "";
        boolean selected = options.project() == null || options.project().equals(project);
        if (!seenIds.add(id)) {
            if (selected) {
                duplicates++;
                out.println("duplicate id=" + id + " at " + position(record) + " dropped");
            }
            return selected;
        }
        // Every event joins its project's chain, also those of projects this consumer does not print.
        int position = chains.append(project, record.value());
        if (!selected) {
            return false;
        }
        events++;
        out.printf("event %s project=%s #%d type=%s actor=%s outcome=%s environment=%s id=%s%n",
                event.get("time"), project.isEmpty() ? "-" : project, position, event.get("type"),
                data.get("actor"), data.get("outcome"), data.get("environment") == null ? "-" : data.get("environment"), id);
        return true;
    }

    /** Handles a checkpoint record; whether it concerned the selected project (or any, without --project). */
    private boolean onCheckpoint(ConsumerRecord<String, String> record) {
        Map<String, Object> checkpoint;
        try {
            checkpoint = Json.object(record.value());
            CheckpointVerifier.canonical(checkpoint); // every field present
        } catch (IllegalArgumentException e) {
            boolean ours = options.project() == null || options.project().equals(record.key());
            if (ours) {
                skipped++;
                out.println("skipped " + position(record) + ": not a checkpoint");
            }
            return ours;
        }
        String project = CheckpointVerifier.text(checkpoint, "projectId");
        if (options.project() != null && !options.project().equals(project)) {
            return false;
        }
        checkpoints++;
        switch (verifier.verify(checkpoint)) {
            case INVALID -> {
                bad++;
                report(checkpoint, "INVALID", "not compared");
            }
            case UNKNOWN_KEY -> {
                if (verifier.hasKeys()) {
                    bad++;
                    report(checkpoint, "UNKNOWN-KEY", "not compared");
                } else {
                    unverified++;
                    report(checkpoint, "unchecked (no public key given)", "not compared");
                }
            }
            case VALID -> {
                if (project.isEmpty()) {
                    // Events of no project have no key, so they spread over partitions: only audit-service knows their order.
                    unverified++;
                    report(checkpoint, "valid", "unchecked (the project-less chain's order is audit-service's own)");
                } else {
                    waiting.add(checkpoint);
                }
            }
        }
        return true;
    }

    /** Compares every waiting checkpoint whose events have all been chained. */
    private void recheckWaiting() {
        for (Iterator<Map<String, Object>> it = waiting.iterator(); it.hasNext(); ) {
            Map<String, Object> checkpoint = it.next();
            String project = CheckpointVerifier.text(checkpoint, "projectId");
            long n = CheckpointVerifier.number(checkpoint, "events");
            String ours = chains.hashOf(project, n);
            if (ours == null) {
                continue;
            }
            it.remove();
            if (ours.equals(CheckpointVerifier.text(checkpoint, "headHash"))) {
                matched++;
                report(checkpoint, "valid", "matches");
            } else {
                bad++;
                report(checkpoint, "valid", "MISMATCH (this consumer's hash of event #" + n + " is " + ours + ")");
            }
        }
    }

    private void report(Map<String, Object> checkpoint, String signature, String chain) {
        String project = CheckpointVerifier.text(checkpoint, "projectId");
        out.printf("checkpoint project=%s seq=%d events=%d kind=%s key=%s signature=%s chain=%s%n",
                project.isEmpty() ? "-" : project, CheckpointVerifier.number(checkpoint, "seq"),
                CheckpointVerifier.number(checkpoint, "events"), CheckpointVerifier.text(checkpoint, "kind"),
                CheckpointVerifier.text(checkpoint, "keyId"), signature, chain);
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** With {@code --since}: each newly assigned partition starts at its first record at or after that time. */
    private final class SeekToSince implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> consumer;
        private final Set<TopicPartition> positioned = new HashSet<>();

        SeekToSince(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (options.since() == null) {
                return;
            }
            Map<TopicPartition, Long> times = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (positioned.add(partition)) {
                    times.put(partition, options.since().toEpochMilli());
                }
            }
            if (times.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
            List<TopicPartition> toEnd = new ArrayList<>();
            times.keySet().forEach(partition -> {
                OffsetAndTimestamp at = offsets.get(partition);
                if (at == null) {
                    toEnd.add(partition);
                } else {
                    consumer.seek(partition, at.offset());
                }
            });
            if (!toEnd.isEmpty()) {
                consumer.seekToEnd(toEnd);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }
    }

    /** Command-line options; environment variables as in the local stack's infra.env serve as defaults. */
    record Options(String bootstrap, String group, String eventsTopic, String checkpointsTopic, String project,
                   Instant since, List<String> publicKeys, URI publicKeyUrl, String token, Duration idleExit) {

        static final String USAGE_TEXT = """
                usage: java -jar audit-consumer.jar [options]
                  --bootstrap=HOST:PORT        Kafka (default $MICROENV_KAFKA_BOOTSTRAP or 127.0.0.1:9092)
                  --group=NAME                 your consumer group (default a new one each run: read from the start)
                  --project=ID                 print only this project's events and checkpoints
                  --since=INSTANT              start each partition at this time (ISO-8601), not at the group's offset
                  --public-key=BASE64          a trusted Ed25519 public key (raw 32 bytes); repeatable
                  --public-key-url=URL         GET …/v1/projects/{p}/audit-chain/public-key (default from
                                               $MICROENV_API_URL and --project); --token=BEARER (default $MICROENV_TOKEN)
                  --idle-exit=SECONDS          stop after that long without records (default: run until Ctrl-C)
                  --events-topic=T, --checkpoints-topic=T   (default microenv.audit.v1, microenv.audit-checkpoints.v1)""";

        static Options parse(String[] args, Map<String, String> env) {
            Map<String, String> single = new HashMap<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
                String name;
                String value;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(2, eq);
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    name = arg.substring(2);
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                switch (name) {
                    case "public-key" -> keys.add(value);
                    case "bootstrap", "group", "project", "since", "public-key-url", "token", "idle-exit",
                         "events-topic", "checkpoints-topic" -> single.put(name, value);
                    default -> throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            String project = single.get("project");
            URI url = null;
            String apiUrl = env.get("MICROENV_API_URL");
            if (single.containsKey("public-key-url")) {
                url = URI.create(single.get("public-key-url"));
            } else if (keys.isEmpty() && apiUrl != null && project != null) {
                url = URI.create(apiUrl.replaceAll("/+$", "") + "/v1/projects/" + project + "/audit-chain/public-key");
            }
            Instant since;
            Duration idle;
            try {
                since = single.containsKey("since") ? Instant.parse(single.get("since")) : null;
                idle = single.containsKey("idle-exit") ? Duration.ofSeconds(Long.parseLong(single.get("idle-exit"))) : null;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--since must be an ISO-8601 instant and --idle-exit whole seconds");
            }
            return new Options(
                    single.getOrDefault("bootstrap", env.getOrDefault("MICROENV_KAFKA_BOOTSTRAP", "127.0.0.1:9092")),
                    single.getOrDefault("group", "audit-consumer-example-" + UUID.randomUUID()),
                    single.getOrDefault("events-topic", EVENTS_TOPIC),
                    single.getOrDefault("checkpoints-topic", CHECKPOINTS_TOPIC),
                    project, since, List.copyOf(keys), url,
                    single.getOrDefault("token", env.get("MICROENV_TOKEN")), idle);
        }
    }
}
