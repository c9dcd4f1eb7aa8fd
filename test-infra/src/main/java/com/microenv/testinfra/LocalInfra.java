package com.microenv.testinfra;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real local infrastructure (PostgreSQL, Kafka, Keycloak) for tests: runs
 * {@code deploy/local/stack up --infra-only} (a no-op when it is already up) once per JVM and hands the
 * assignments of {@code $MICROENV_HOME/infra.env} to Quarkus as configuration properties of the same names.
 *
 * <p>Use {@code @QuarkusTestResource(value = LocalInfra.class, restrictToAnnotatedClass = false)}; plain JUnit
 * tests call {@link #settings()}. The infrastructure is shared with other test runs and stays up after the
 * tests; {@code deploy/local/stack down} stops it.
 *
 * <p>The environment variable {@value #MODE_VARIABLE} chooses where the infrastructure comes from:
 * <ul>
 *   <li>{@code local} (the default, also when unset or blank): {@code deploy/local/stack} as above; never needs
 *       Docker.</li>
 *   <li>{@code containers}: {@link ContainerInfra} starts PostgreSQL, Kafka and Keycloak with Testcontainers, for
 *       machines with a Docker engine; fails with a clear message when none is reachable. Same settings names,
 *       fresh secrets per JVM, containers removed when the JVM exits.</li>
 * </ul>
 * Any other value fails at once, naming the two above.
 */
public class LocalInfra implements QuarkusTestResourceLifecycleManager {

    static final String STACK = "deploy/local/stack";

    /** Environment variable choosing the infrastructure: {@code local} (default) or {@code containers}. */
    public static final String MODE_VARIABLE = "MICROENV_TEST_INFRA";

    /** Where the infrastructure comes from, as chosen by {@value #MODE_VARIABLE}. */
    enum Mode { LOCAL, CONTAINERS }

    /** System property set once the stack was brought up in this JVM (visible across class loaders). */
    private static final String STARTED_PROPERTY = "com.microenv.testinfra.started";

    /** String literals are interned JVM-wide, so this lock holds across Quarkus' class loaders too. */
    private static final String LOCK = "com.microenv.testinfra.LocalInfra.lock";

    private static final int TAIL_LINES = 60;
    private static final long STACK_TIMEOUT_MINUTES = 20;

    @Override
    public Map<String, String> start() {
        return settings();
    }

    @Override
    public void stop() {
        // Shared by every test JVM on the machine: left running on purpose.
    }

    /** The infra.env assignments, after making sure the infrastructure (chosen by {@value #MODE_VARIABLE}) is up. */
    public static Map<String, String> settings() {
        return settings(System.getenv(MODE_VARIABLE));
    }

    static Map<String, String> settings(String modeValue) {
        return switch (mode(modeValue)) {
            case LOCAL -> localSettings();
            case CONTAINERS -> ContainerInfra.settings();
        };
    }

    /** The mode named by a {@value #MODE_VARIABLE} value; unset or blank is {@code local}. */
    static Mode mode(String value) {
        if (value == null || value.isBlank()) {
            return Mode.LOCAL;
        }
        return switch (value.strip()) {
            case "local" -> Mode.LOCAL;
            case "containers" -> Mode.CONTAINERS;
            default -> throw new IllegalArgumentException(MODE_VARIABLE + "='" + value + "' is not supported: use 'local' "
                    + "(the default: " + STACK + " up --infra-only, no Docker) or 'containers' (Testcontainers, "
                    + "needs a Docker engine)");
        };
    }

    private static Map<String, String> localSettings() {
        synchronized (LOCK) {
            Path root = repoRoot(Path.of(System.getProperty("user.dir")));
            if (!Boolean.getBoolean(STARTED_PROPERTY)) {
                runStackUp(root);
                System.setProperty(STARTED_PROPERTY, "true");
            }
            Path infraEnv = microenvHome(root, System.getenv("MICROENV_HOME")).resolve("infra.env");
            if (!Files.isRegularFile(infraEnv)) {
                throw new IllegalStateException(STACK + " up --infra-only succeeded but wrote no " + infraEnv);
            }
            return Map.copyOf(EnvFile.read(infraEnv));
        }
    }

    /** The root of this checkout: the folder holding deploy/local/stack, at or above the working directory. */
    public static Path repositoryRoot() {
        return repoRoot(Path.of(System.getProperty("user.dir")));
    }

    /** The stack's state folder ({@code $MICROENV_HOME}, default {@code <repo>/.microenv}). */
    public static Path stateDirectory() {
        return microenvHome(repositoryRoot(), System.getenv("MICROENV_HOME"));
    }

    /** The nearest folder at or above {@code start} that holds deploy/local/stack. */
    static Path repoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(STACK))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + STACK + " found in " + start + " or any folder above it");
    }

    /** $MICROENV_HOME if set, else {@code <repo>/.microenv}, as the stack script decides it. */
    static Path microenvHome(Path root, String microenvHomeEnv) {
        if (microenvHomeEnv != null && !microenvHomeEnv.isBlank()) {
            return Path.of(microenvHomeEnv);
        }
        return root.resolve(".microenv");
    }

    private static void runStackUp(Path root) {
        ProcessBuilder builder = new ProcessBuilder(root.resolve(STACK).toString(), "up", "--infra-only")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Deque<String> tail = new ArrayDeque<>();
        int exit;
        try {
            Process process = builder.start();
            // Copied through System.out (not inherited), so Surefire's forked-JVM channel stays clean.
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println(line);
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
            if (!process.waitFor(STACK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(STACK + " up --infra-only did not finish within "
                        + STACK_TIMEOUT_MINUTES + " minutes");
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + root.resolve(STACK), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + STACK, e);
        }
        if (exit != 0) {
            throw new IllegalStateException(failureMessage(exit, List.copyOf(tail)));
        }
    }

    static String failureMessage(int exit, List<String> output) {
        List<String> errors = output.stream().filter(line -> line.contains("ERROR")).toList();
        String reason = errors.isEmpty() ? "" : String.join("; ", errors) + "\n";
        return STACK + " up --infra-only failed (exit " + exit + "): " + reason
                + output.stream().collect(Collectors.joining("\n", "--- its last output ---\n", ""));
    }
}
