package com.microenv.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Revocation latency across gateway replicas (scenario 4): for each API key in turn, the key is used through every
 * replica until each has it cached (200), then it is revoked through the first replica and every replica is polled
 * with it until it refuses (401/403). The latency of a replica counts from just before the revocation was sent to
 * the first refusal it gave, so it includes the revoke call, the credential event through Kafka and the replica's
 * consumer. Keys come from a file ({@code id<TAB>key} per line, never on a command line); the revoker's bearer
 * token from an environment variable.
 */
@Command(name = "revocation", mixinStandardHelpOptions = true,
        description = "Revoke API keys one by one; time until each gateway replica refuses them (p50/p99/max as JSON).")
final class RevocationCommand implements Callable<Integer> {

    @Option(names = "--gateway", required = true, split = ",", description = "Base URL of each gateway replica.")
    List<URI> gateways;

    @Option(names = "--read-path", required = true,
            description = "Path requested with each key (a read it is allowed), e.g. /v1/projects/P/environments/staging/variables.")
    String readPath;

    @Option(names = "--revoke-path", required = true,
            description = "Path of the revocation, {id} replaced by the key's id, e.g. /v1/projects/P/api-keys/{id}.")
    String revokePath;

    @Option(names = "--keys-file", required = true, description = "One key per line: id, a tab, the key.")
    Path keysFile;

    @Option(names = "--auth-env", required = true, description = "Environment variable holding the revoker's bearer token.")
    String authEnv;

    @Option(names = "--poll-ms", defaultValue = "5", description = "Pause between polls of one replica.")
    long pollMillis;

    @Option(names = "--give-up-s", defaultValue = "10", description = "A replica still accepting the key this long after is a failure.")
    long giveUpSeconds;

    @Option(names = "--label", defaultValue = "")
    String label;

    @Override
    public Integer call() throws Exception {
        String revoker = System.getenv(authEnv);
        if (revoker == null || revoker.isBlank()) {
            throw new IllegalArgumentException("environment variable " + authEnv + " is not set");
        }
        List<String[]> keys = new ArrayList<>();
        for (String line : Files.readAllLines(keysFile)) {
            String[] parts = line.strip().split("\t");
            if (parts.length == 2) {
                keys.add(parts);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no 'id<TAB>key' lines in " + keysFile);
        }
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(2, gateways.size()), r -> {
            Thread t = new Thread(r, "bench-revocation");
            t.setDaemon(true);
            return t;
        });
        // The client keeps its own default executor: the pollers below block on send(), so sharing their pool with
        // the client would leave no thread to complete the responses they wait for.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            List<Histogram> perReplica = new ArrayList<>();
            gateways.forEach(g -> perReplica.add(new Histogram(3)));
            Histogram slowest = new Histogram(3);
            long failures = 0;
            for (String[] key : keys) {
                for (URI gateway : gateways) {
                    warm(client, gateway, key[1]);
                }
                long t0 = System.nanoTime();
                HttpResponse<Void> revoked = client.send(HttpRequest.newBuilder(gateways.get(0)
                                .resolve(revokePath.replace("{id}", key[0])))
                        .header("Authorization", "Bearer " + revoker).timeout(Duration.ofSeconds(10))
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
                if (revoked.statusCode() / 100 != 2) {
                    throw new IllegalStateException("revoking key " + key[0] + " answered HTTP " + revoked.statusCode());
                }
                List<CompletableFuture<Long>> refusals = new ArrayList<>();
                for (URI gateway : gateways) {
                    refusals.add(CompletableFuture.supplyAsync(() -> untilRefused(client, gateway, key[1], t0), executor));
                }
                long worst = 0;
                for (int i = 0; i < refusals.size(); i++) {
                    long micros = refusals.get(i).join();
                    if (micros < 0) {
                        failures++;
                        micros = TimeUnit.SECONDS.toMicros(giveUpSeconds);
                    }
                    perReplica.get(i).recordValue(micros);
                    worst = Math.max(worst, micros);
                }
                slowest.recordValue(worst);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("label", label);
            out.put("revocations", keys.size());
            out.put("replicas", gateways.size());
            out.put("notRefusedInTime", failures);
            List<Map<String, Object>> replicas = new ArrayList<>();
            for (int i = 0; i < gateways.size(); i++) {
                replicas.add(summary(gateways.get(i).toString(), perReplica.get(i)));
            }
            out.put("perReplica", replicas);
            out.put("allReplicas", summary("slowest replica per revocation", slowest));
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return 0;
        } finally {
            executor.shutdownNow();
        }
    }

    private static Map<String, Object> summary(String name, Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("replica", name);
        m.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
        m.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
        m.put("maxMs", h.getMaxValue() / 1000.0);
        return m;
    }

    private HttpRequest read(URI gateway, String key) {
        return HttpRequest.newBuilder(gateway.resolve(readPath)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** Uses the key through a replica until it answers 200 (the replica has exchanged and cached it). */
    private void warm(HttpClient client, URI gateway, String key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(giveUpSeconds);
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = client.send(read(gateway, key), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("a fresh key is not accepted by " + gateway + " (last answer HTTP " + status + ")"
                + (status == 429 ? ": the replica locked this client IP out after the refusals of earlier revocations;"
                + " start it with MICROENV_GATEWAY_LOCKOUT_FAILURES raised (bench/README.md)" : ""));
    }

    /** Microseconds from {@code t0} to the replica's first refusal of the key, or -1 if it never refused in time. */
    private long untilRefused(HttpClient client, URI gateway, String key, long t0) {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(giveUpSeconds);
        try {
            while (System.nanoTime() < deadline) {
                int status = client.send(read(gateway, key), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401 || status == 403) {
                    return (System.nanoTime() - t0) / 1000;
                }
                Thread.sleep(pollMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("bench-driver: polling " + gateway + " failed: " + e.getClass().getSimpleName());
        }
        return -1;
    }
}
