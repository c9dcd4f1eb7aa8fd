package com.microenv.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP load at a fixed arrival rate, corrected for coordinated omission.
 *
 * <p>Request {@code i} is due at {@code t0 + i / rate}, whatever happened to earlier requests. Its latency is
 * measured from that due time, not from when it was actually sent, so a stalled server (or a stalled driver)
 * shows up in the percentiles instead of silently lowering the offered load (the "coordinated omission" of
 * closed-loop tools such as wrk). The uncorrected latency (from the actual send) is reported beside it.
 *
 * <p>With {@code --credentials-file}, every request carries the next line of the file as its bearer
 * credential and the run ends when the file is used up: the cold-credential scenario (each key seen once).
 * Otherwise the bearer credential, if any, comes from the environment variable named by {@code --auth-env},
 * so it never appears in a process list.
 */
@Command(name = "open-loop", mixinStandardHelpOptions = true,
        description = "Fixed-arrival-rate HTTP load; prints p50/p90/p99/p99.9 (coordinated-omission corrected) as JSON.")
final class OpenLoopCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "The URL to request.")
    URI url;

    @Option(names = "--method", defaultValue = "GET")
    String method;

    @Option(names = "--body-file", description = "Request body (sent with Content-Type application/json unless --content-type).")
    Path bodyFile;

    @Option(names = "--content-type", defaultValue = "application/json")
    String contentType;

    @Option(names = "--rate", required = true, description = "Arrival rate, requests per second.")
    double rate;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds (after the warm-up).")
    double duration;

    @Option(names = "--warmup", defaultValue = "0", description = "Seconds of load at the same rate before measuring.")
    double warmup;

    @Option(names = "--auth-env", description = "Environment variable holding the bearer credential for every request.")
    String authEnv;

    @Option(names = "--credentials-file", description = "One bearer credential per line; one request per line, in order.")
    Path credentialsFile;

    @Option(names = "--expect-status", defaultValue = "200", description = "Any other status counts as an error.")
    int expectStatus;

    @Option(names = "--max-in-flight", defaultValue = "2048",
            description = "Outstanding requests at most; a due request waits for a slot (its wait is counted).")
    int maxInFlight;

    @Option(names = "--timeout", defaultValue = "30", description = "Per-request timeout in seconds (an error).")
    int timeoutSeconds;

    @Option(names = "--label", defaultValue = "", description = "Copied into the output.")
    String label;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0) || duration < 0 || warmup < 0) {
            throw new IllegalArgumentException("--rate must be > 0, --duration and --warmup >= 0");
        }
        List<String> credentials = credentialsFile == null ? null
                : Files.readAllLines(credentialsFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        String fixedAuth = null;
        if (authEnv != null) {
            fixedAuth = System.getenv(authEnv);
            if (fixedAuth == null || fixedAuth.isBlank()) {
                throw new IllegalArgumentException("environment variable " + authEnv + " is not set");
            }
        }
        byte[] body = bodyFile == null ? null : Files.readAllBytes(bodyFile);
        Result result = run(credentials, fixedAuth, body);
        System.out.println(new ObjectMapper().writeValueAsString(result.toJson(label, rate)));
        return 0;
    }

    record Result(LatencySummary corrected, LatencySummary uncorrected, long sent) {
        Map<String, Object> toJson(String label, double rate) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("label", label);
            out.put("targetRps", rate);
            out.put("sent", sent);
            out.put("corrected", corrected);
            out.put("uncorrected", uncorrected);
            return out;
        }
    }

    private Result run(List<String> credentials, String fixedAuth, byte[] body) throws InterruptedException, IOException {
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        try {
            long interval = Math.max(1L, Math.round(1_000_000_000.0 / rate));
            long total = credentials != null ? credentials.size() : Math.round(rate * (warmup + duration));
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            long measureFrom = credentials != null ? t0 : t0 + Math.round(warmup * 1e9);
            Histogram corrected = new ConcurrentHistogram(3);
            Histogram uncorrected = new ConcurrentHistogram(3);
            AtomicLong errors = new AtomicLong();
            Semaphore slots = new Semaphore(maxInFlight);
            long sent = 0;
            for (long i = 0; i < total; i++) {
                long due = t0 + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                slots.acquire();
                String auth = credentials != null ? credentials.get((int) i) : fixedAuth;
                HttpRequest request = request(auth, body);
                boolean measured = due >= measureFrom;
                long start = System.nanoTime();
                sent++;
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                    long end = System.nanoTime();
                    try {
                        if (measured) {
                            corrected.recordValue(Math.max(0, (end - due) / 1000));
                            uncorrected.recordValue(Math.max(0, (end - start) / 1000));
                            if (failure != null || response.statusCode() != expectStatus) {
                                if (errors.getAndIncrement() == 0) {
                                    System.err.println("bench-driver: first error: " + (failure != null
                                            ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                                            : "HTTP " + response.statusCode()));
                                }
                            }
                        }
                    } finally {
                        // Released after recording, so the final drain below sees every figure.
                        slots.release();
                    }
                });
            }
            long lastDue = t0 + (total - 1) * interval;
            if (!slots.tryAcquire(maxInFlight, timeoutSeconds + 5L, TimeUnit.SECONDS)) {
                System.err.println("bench-driver: requests still outstanding after the timeout");
            }
            double seconds = credentials != null
                    ? Math.max(1e-9, (System.nanoTime() - t0) / 1e9)
                    : duration;
            // Achieved rate over the measured window: what was offered and completed, not what was due.
            double measuredWindow = Math.max(seconds, (lastDue - measureFrom) / 1e9);
            return new Result(LatencySummary.of(corrected, errors.get(), measuredWindow),
                    LatencySummary.of(uncorrected, errors.get(), measuredWindow), sent);
        } finally {
            executor.shutdownNow();
        }
    }

    private HttpRequest request(String auth, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(timeoutSeconds));
        if (auth != null) {
            builder.header("Authorization", "Bearer " + auth);
        }
        if (body != null) {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }
}
