package com.microenv.deploychecks;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images' build definitions ({@code <service>/src/main/docker/Dockerfile.jvm}) exercised as far as
 * this machine allows without a Docker engine or a registry: each Dockerfile is read as a builder reads it and
 * held to the conventions (base image pinned by a well-formed digest, one stage, non-root user equal to the pods'
 * runAsUser, the fast-jar layout, exec-form entrypoint, the port the Deployment uses). After {@code package}, the
 * COPY instructions are carried out into a directory that stands for the image's file system, the runner's class
 * path is resolved inside it, and the gateway is started from it with the cluster's JVM options.
 * Not verifiable here: that the pinned digest exists in the registry and is the image it names (no registry access;
 * docs/operations.md, "Images").
 */
class ContainerImagesTest {

    static final List<String> SERVICES = Repository.SERVICES;

    /**
     * A fully qualified reference pinned by digest: registry host (with a dot, or localhost)[:port]/path[:tag]
     * @sha256:<64 lower-case hex>. A short name (ubi9/openjdk-17-runtime) would depend on the builder's default
     * registry.
     */
    static final Pattern PINNED = Pattern.compile("^(?<repo>(?:(?:[a-z0-9-]+\\.)+[a-z0-9-]+|localhost)(?::[0-9]+)?"
            + "/[a-z0-9._/-]+)(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@sha256:[0-9a-f]{64}$");

    /** The fast-jar layout, as Quarkus's own Dockerfile.jvm copies it: source -> destination. */
    static final List<String[]> FAST_JAR = List.of(
            new String[] {"target/quarkus-app/lib/", "/deployments/lib/"},
            new String[] {"target/quarkus-app/*.jar", "/deployments/"},
            new String[] {"target/quarkus-app/app/", "/deployments/app/"},
            new String[] {"target/quarkus-app/quarkus/", "/deployments/quarkus/"});

    static Dockerfile dockerfile(String service) {
        return Dockerfile.read(Repository.path(service + "/src/main/docker/Dockerfile.jvm"));
    }

    static Deployment deployment(String service) {
        return Rendered.overlay("production").typed("Deployment", service, Deployment.class);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theBaseImageIsPinnedByDigestInOneStage(String service) {
        Dockerfile file = dockerfile(service);
        String from = file.resolve(file.only("FROM"));
        assertThat(from).as(service + ": FROM " + from + " (after ARG defaults) is pinned by a sha256 digest")
                .matches(PINNED);
        assertThat(from).as("a JVM runtime base image").contains("openjdk-17-runtime");
        String others = dockerfile("gateway").resolve(dockerfile("gateway").only("FROM"));
        assertThat(from).as(service + " uses the same base image as the gateway (one digest to refresh)").isEqualTo(others);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theImageRunsAsTheNonRootUserThePodsRunAs(String service) {
        Dockerfile file = dockerfile(service);
        String user = file.only("USER");
        assertThat(user).as(service + ": USER is a numeric uid (runAsNonRoot can only check a number)").matches("\\d+");
        long uid = Long.parseLong(user);
        assertThat(uid).as(service + ": not root").isPositive();
        Long runAsUser = deployment(service).getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
        assertThat(runAsUser).as(service + ": the pods' runAsUser is the image's USER").isEqualTo(uid);
        for (Dockerfile.Instruction copy : file.all("COPY")) {
            assertThat(copy.arguments()).as(service + ": files owned by the run-time user: " + copy.arguments())
                    .startsWith("--chown=" + uid + " ");
        }
        assertThat(file.instructions().stream().filter(i -> i.keyword().equals("RUN")).toList())
                .as(service + ": nothing runs at build time as root").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theImageCarriesTheFastJarLayoutAndStartsItWithRunJava(String service) {
        Dockerfile file = dockerfile(service);
        List<String[]> copies = file.all("COPY").stream().map(c -> copyArguments(c.arguments())).toList();
        assertThat(copies).as(service + ": COPY exactly the fast-jar layout, dependencies first")
                .usingElementComparator(Comparator.comparing(Arrays::toString))
                .containsExactlyElementsOf(FAST_JAR);
        Map<String, String> env = file.env();
        assertThat(env).as(service + ": run-java.sh starts the fast-jar runner")
                .containsEntry("JAVA_APP_JAR", "/deployments/quarkus-run.jar");
        assertThat(file.only("ENTRYPOINT")).as(service + ": exec-form ENTRYPOINT (signals reach the JVM)")
                .isEqualTo("[ \"/opt/jboss/container/java/run/run-java.sh\" ]");
        Properties properties = ServiceSettings.properties(service);
        assertThat(properties.getProperty("quarkus.package.jar.type", "fast-jar")).as(service + ": fast-jar packaging")
                .isEqualTo("fast-jar");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theImageExposesThePortTheServiceListensOnAndTheDeploymentUses(String service) {
        Dockerfile file = dockerfile(service);
        Matcher port = Pattern.compile("\\$\\{MICROENV_[A-Z]+_PORT:(\\d+)}")
                .matcher(ServiceSettings.properties(service).getProperty("quarkus.http.port"));
        assertThat(port.find()).isTrue();
        assertThat(file.all("EXPOSE")).extracting(Dockerfile.Instruction::arguments).as(service + ": EXPOSE")
                .contains(port.group(1));
        Container container = deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).as(service + ": containerPort")
                .contains(Integer.valueOf(port.group(1)));
        assertThat(container.getImage()).as(service + ": the Deployment runs the image of this service")
                .startsWith("microenv/" + service + ":");
    }

    @Test
    void theGarbageCollectorTheClusterChoosesIsTheOneTheBaseImageIsToldToUse() {
        // run-java.sh adds -XX:+UseParallelGC unless GC_CONTAINER_OPTIONS names another collector; two collectors
        // on one command line stop the JVM at start ("Conflicting collector combinations").
        for (String overlay : Repository.OVERLAYS) {
            Rendered rendered = Rendered.overlay(overlay);
            for (String service : SERVICES) {
                Map<String, String> env = PlatformInvariantsTest.environment(rendered, service);
                Matcher gc = Pattern.compile("-XX:\\+Use\\w+GC").matcher(env.getOrDefault("JAVA_OPTS", ""));
                if (gc.find()) {
                    assertThat(env.get("GC_CONTAINER_OPTIONS")).as(overlay + " " + service + ": GC_CONTAINER_OPTIONS")
                            .isEqualTo(gc.group());
                }
            }
        }
    }

    @Test
    void theReaderResolvesArgDefaultsAndThePatternRefusesAnUnpinnedBase() throws IOException {
        Path file = Files.createTempFile("Dockerfile", ".jvm");
        try {
            Files.writeString(file, """
                    # comment
                    ARG BASE_IMAGE=registry.example.com/ubi9/openjdk-17-runtime:1.24
                    FROM ${BASE_IMAGE}
                    ENV A="x y" \\
                        B=2
                    USER 0
                    ENTRYPOINT java -jar app.jar
                    """);
            Dockerfile parsed = Dockerfile.read(file);
            String from = parsed.resolve(parsed.only("FROM"));
            assertThat(from).isEqualTo("registry.example.com/ubi9/openjdk-17-runtime:1.24").doesNotMatch(PINNED);
            assertThat(parsed.env()).containsEntry("A", "x y").containsEntry("B", "2");
            assertThat(parsed.only("USER")).isEqualTo("0");
            assertThat(parsed.only("ENTRYPOINT")).doesNotStartWith("[");
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat("registry.access.redhat.com/ubi9/openjdk-17-runtime@sha256:" + "a".repeat(64)).matches(PINNED);
        assertThat("registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24@sha256:" + "0f".repeat(32)).matches(PINNED);
        assertThat("ubi9/openjdk-17-runtime@sha256:" + "a".repeat(64)).as("no registry host").doesNotMatch(PINNED);
        assertThat("registry.access.redhat.com/ubi9/openjdk-17-runtime@sha256:" + "a".repeat(63))
                .as("short digest").doesNotMatch(PINNED);
        assertThat("registry.access.redhat.com/ubi9/openjdk-17-runtime@sha256:" + "A".repeat(64))
                .as("upper-case hex").doesNotMatch(PINNED);
    }

    // ---- after package: the image's file system, assembled from the COPY instructions

    static boolean packaged(String service) {
        return Files.isRegularFile(Repository.path(service + "/target/quarkus-app/quarkus-run.jar"));
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theCopiedFilesFormARunnableFastJar(String service) throws IOException {
        Assumptions.assumeTrue(packaged(service), service + " is not packaged (./mvnw package first)");
        Path root = assemble(service);
        try {
            Path deployments = root.resolve("deployments");
            Path runner = deployments.resolve("quarkus-run.jar");
            assertThat(runner).isRegularFile();
            assertThat(deployments.resolve("quarkus/quarkus-application.dat")).isRegularFile();
            assertThat(deployments.resolve("lib/main")).isDirectoryContaining("glob:**.jar");
            assertThat(deployments.resolve("app")).isDirectoryContaining("glob:**.jar");
            try (JarFile jar = new JarFile(runner.toFile())) {
                Manifest manifest = jar.getManifest();
                assertThat(manifest.getMainAttributes().getValue("Main-Class"))
                        .isEqualTo("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
                List<String> missing = new ArrayList<>();
                for (String entry : manifest.getMainAttributes().getValue("Class-Path").trim().split("\\s+")) {
                    if (!Files.isRegularFile(deployments.resolve(entry))) {
                        missing.add(entry);
                    }
                }
                assertThat(missing).as(service + ": Class-Path entries missing from the image's /deployments").isEmpty();
            }
        } finally {
            delete(root);
        }
    }

    @Test
    void theGatewayStartsFromTheImageLayoutWithTheClustersJvmOptions() throws Exception {
        Assumptions.assumeTrue(packaged("gateway"), "gateway is not packaged (./mvnw package first)");
        Path root = assemble("gateway");
        Process process = null;
        Path log = Files.createTempFile("gateway-image", ".log");
        try {
            Map<String, String> env = PlatformInvariantsTest.environment(Rendered.overlay("production"), "gateway");
            Map<String, String> imageEnv = dockerfile("gateway").env();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // What run-java.sh puts on the command line: the collector, JAVA_OPTS, JAVA_OPTS_APPEND, the jar.
            command.addAll(List.of(env.get("GC_CONTAINER_OPTIONS").split("\\s+")));
            command.addAll(List.of(env.get("JAVA_OPTS").replace("-Djava.io.tmpdir=/tmp",
                    "-Djava.io.tmpdir=" + root.resolve("tmp")).replace("/tmp/vertx-cache",
                    root.resolve("tmp/vertx-cache").toString()).split("\\s+")));
            command.addAll(List.of(imageEnv.get("JAVA_OPTS_APPEND").split("\\s+")));
            command.add("-jar");
            command.add(root.resolve(imageEnv.get("JAVA_APP_JAR").substring(1)).toString());
            int http = freePort();
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.resolve("deployments").toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> processEnv = builder.environment();
            processEnv.keySet().removeIf(k -> k.startsWith("MICROENV_") || k.startsWith("QUARKUS_") || k.startsWith("KAFKA_"));
            // Loopback only, free ports, and no Kafka or Keycloak (the gateway starts without them).
            processEnv.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            processEnv.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            processEnv.put("MICROENV_GATEWAY_PORT", String.valueOf(http));
            processEnv.put("MICROENV_GATEWAY_MGMT_PORT", String.valueOf(freePort()));
            processEnv.put("MICROENV_GATEWAY_TLS_PORT", String.valueOf(freePort()));
            processEnv.put("MICROENV_KAFKA_BOOTSTRAP", "127.0.0.1:" + freePort());
            processEnv.put("MICROENV_KEYCLOAK_URL", "http://127.0.0.1:" + freePort());
            processEnv.put("MICROENV_GATEWAY_CLIENT_SECRET", "image-check-not-a-secret");
            Files.createDirectories(root.resolve("tmp"));
            process = builder.start();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int status = -1;
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/started"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            assertThat(status).as("the gateway started from the image layout answers /q/health/started; its log:\n"
                    + tail(log)).isEqualTo(200);
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            Files.deleteIfExists(log);
            delete(root);
        }
    }

    // ---- helpers

    /** COPY [--flags] src... dest -> {src, dest} (one source per COPY in these files). */
    static String[] copyArguments(String arguments) {
        List<String> words = new ArrayList<>(List.of(arguments.trim().split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        assertThat(words).as("COPY " + arguments + ": one source and a destination").hasSize(2);
        return words.toArray(String[]::new);
    }

    /** Carries out the Dockerfile's COPY instructions (context: the service's module folder) into a new folder. */
    static Path assemble(String service) throws IOException {
        Path context = Repository.path(service);
        Path root = Files.createTempDirectory("image-" + service);
        for (Dockerfile.Instruction copy : dockerfile(service).all("COPY")) {
            String[] args = copyArguments(copy.arguments());
            Path destination = root.resolve(args[1].substring(1));
            Files.createDirectories(destination);
            if (args[0].endsWith("/")) {
                Path source = context.resolve(args[0]);
                assertThat(source).as(service + ": COPY source " + args[0]).isDirectory();
                copyTree(source, destination);
            } else {
                Path folder = context.resolve(args[0]).getParent();
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(args[0]).getFileName());
                List<Path> matches;
                try (Stream<Path> files = Files.list(folder)) {
                    matches = files.filter(f -> glob.matches(f.getFileName())).toList();
                }
                assertThat(matches).as(service + ": COPY source " + args[0] + " matches a file").isNotEmpty();
                for (Path match : matches) {
                    Files.copy(match, destination.resolve(match.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }

    private static void copyTree(Path source, Path destination) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = destination.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
