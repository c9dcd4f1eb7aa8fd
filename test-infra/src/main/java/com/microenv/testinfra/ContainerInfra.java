package com.microenv.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * PostgreSQL, Kafka and Keycloak in containers (Testcontainers), chosen with {@code MICROENV_TEST_INFRA=containers}:
 * the same databases, topics and realm as {@code deploy/local/stack up --infra-only}, and {@link #settings()} under
 * exactly the names of {@code infra.env}, with secrets made fresh for each JVM.
 *
 * <p>Needs a Docker engine; the default path ({@link LocalInfra}) never does. The containers are started once per
 * JVM, on one network, and removed when the JVM exits.
 */
public final class ContainerInfra {

    static final String POSTGRES_IMAGE = "postgres:15-alpine";
    /** The broker release matching the Quarkus BOM's kafka-clients, as in deploy/local/kafka/pom.xml. */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.5.6";

    static final String REALM = "microenv";
    static final String REALM_FILE = "deploy/keycloak/microenv-realm.json";
    static final String DEMO_USER = "demo@microenv.local";
    static final String KEYCLOAK_ADMIN_USER = "admin";

    /** Topics and partition counts, as deploy/local/stack creates them (replication factor 1). */
    static final Map<String, Integer> TOPICS = orderedTopics();

    /** Owner roles of the databases of the same name, and the infra.env password of each. */
    static final Map<String, String> DATABASE_OWNERS = orderedOwners();
    static final String AUDIT_APP_ROLE = "microenv_audit_app";

    static final String NO_DOCKER_MESSAGE = LocalInfra.MODE_VARIABLE + "=containers needs a Docker engine, but "
            + "Testcontainers reached none (it looks at DOCKER_HOST, /var/run/docker.sock and "
            + "~/.testcontainers.properties). Start Docker, or unset " + LocalInfra.MODE_VARIABLE
            + " to use deploy/local/stack, which needs no Docker.";

    private static final String POSTGRES_ALIAS = "postgres";
    private static final int POSTGRES_PORT = 5432;
    private static final int KEYCLOAK_HTTP_PORT = 8080;
    private static final Duration KEYCLOAK_STARTUP = Duration.ofMinutes(10);
    private static final long TOPICS_TIMEOUT_SECONDS = 60;
    private static final String PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static Map<String, String> started;
    /** A failed start is not retried by every later test class: each would wait for the same failure. */
    private static RuntimeException failure;

    private ContainerInfra() {
    }

    /** The infra.env-equivalent settings of the containers, starting them on the first call in this JVM. */
    public static Map<String, String> settings() {
        // Quarkus loads test resources in a class loader per application start; the copy of this class in the
        // system class loader holds the one set of containers for the whole JVM.
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (ContainerInfra.class.getClassLoader() != system) {
            Class<?> shared = sharedCopy(system);
            if (shared != null && shared != ContainerInfra.class) {
                return invokeSettings(shared);
            }
        }
        return startOnce();
    }

    private static synchronized Map<String, String> startOnce() {
        if (failure != null) {
            throw failure;
        }
        if (started == null) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException(NO_DOCKER_MESSAGE);
            }
            try {
                started = start(LocalInfra.repositoryRoot());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return started;
    }

    private static Class<?> sharedCopy(ClassLoader system) {
        try {
            return Class.forName(ContainerInfra.class.getName(), true, system);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> invokeSettings(Class<?> shared) {
        try {
            return (Map<String, String>) shared.getMethod("settings").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + shared.getName() + ".settings()", e);
        }
    }

    static List<Path> realmFiles(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-realm.json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook below, or by Testcontainers' Ryuk
    private static Map<String, String> start(Path root) {
        Path realm = root.resolve(REALM_FILE);
        if (!Files.isRegularFile(realm)) {
            throw new IllegalStateException("no " + realm);
        }
        SecureRandom random = new SecureRandom();
        Map<String, String> secrets = randomSecrets(random);
        // Keycloak's --hostname must be known before it starts, so its host port is chosen up front.
        String keycloakUrl = "http://" + DockerClientFactory.instance().dockerHostIpAddress() + ":" + freePort();

        Network network = Network.newNetwork();
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
                .withUsername("postgres")
                .withPassword(randomPassword(random))
                .withDatabaseName("postgres")
                .withNetwork(network)
                .withNetworkAliases(POSTGRES_ALIAS)
                // Run by the image's entrypoint on first start, before PostgreSQL reports ready.
                .withCopyToContainer(Transferable.of(databaseSetupSql(secrets)),
                        "/docker-entrypoint-initdb.d/10-microenv.sql");
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("kafka");
        GenericContainer<?> keycloak = new GenericContainer<>(DockerImageName.parse(KEYCLOAK_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("keycloak")
                .withEnv(keycloakEnv(secrets, keycloakUrl))
                .withCommand(keycloakCommand(keycloakUrl).toArray(String[]::new))
                .withExposedPorts(KEYCLOAK_HTTP_PORT)
                .waitingFor(Wait.forHttp("/realms/" + REALM + "/.well-known/openid-configuration")
                        .forPort(KEYCLOAK_HTTP_PORT)
                        .withStartupTimeout(KEYCLOAK_STARTUP))
                .dependsOn(postgres);
        // Every realm file, as deploy/local/stack imports them (the product realm and the local test realms).
        for (Path file : realmFiles(realm.getParent())) {
            keycloak.withCopyToContainer(MountableFile.forHostPath(file), "/opt/keycloak/data/import/" + file.getFileName());
        }
        keycloak.setPortBindings(List.of(port(keycloakUrl) + ":" + KEYCLOAK_HTTP_PORT));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            keycloak.stop();
            kafka.stop();
            postgres.stop();
            network.close();
        }, "microenv-container-infra-stop"));

        Startables.deepStart(postgres, kafka, keycloak).join();
        createTopics(kafka.getBootstrapServers());
        return settings(postgres.getHost(), postgres.getMappedPort(POSTGRES_PORT), kafka.getBootstrapServers(),
                keycloakUrl, secrets);
    }

    /** The full infra.env map: endpoints of the running containers plus the secrets. */
    static Map<String, String> settings(String pgHost, int pgPort, String kafkaBootstrap, String keycloakUrl,
            Map<String, String> secrets) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("MICROENV_PG_HOST", pgHost);
        settings.put("MICROENV_PG_PORT", Integer.toString(pgPort));
        settings.put("MICROENV_KAFKA_BOOTSTRAP", kafkaBootstrap);
        settings.put("MICROENV_KEYCLOAK_URL", keycloakUrl);
        settings.put("MICROENV_KEYCLOAK_REALM", REALM);
        settings.put("MICROENV_DEMO_USER", DEMO_USER);
        settings.put("MICROENV_KEYCLOAK_ADMIN_USERNAME", KEYCLOAK_ADMIN_USER);
        settings.putAll(secrets);
        return Map.copyOf(settings);
    }

    /** Passwords as the stack makes them (32 base62 characters) and the KEK (base64 of 32 random bytes). */
    static Map<String, String> randomSecrets(SecureRandom random) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String name : List.of("MICROENV_AUTH_DB_PASSWORD", "MICROENV_SECRETS_DB_PASSWORD",
                "MICROENV_AUDIT_DB_PASSWORD", "MICROENV_AUDIT_APP_DB_PASSWORD", "MICROENV_GATEWAY_CLIENT_SECRET",
                "MICROENV_DASHBOARD_CLIENT_SECRET", "MICROENV_DEMO_PASSWORD", "MICROENV_KEYCLOAK_ADMIN_PASSWORD",
                "MICROENV_KEYCLOAK_DB_PASSWORD", "MICROENV_ACME_BROKER_SECRET")) {
            secrets.put(name, randomPassword(random));
        }
        byte[] kek = new byte[32];
        random.nextBytes(kek);
        secrets.put("MICROENV_KEK", Base64.getEncoder().encodeToString(kek));
        byte[] signingSeed = new byte[32];
        random.nextBytes(signingSeed);
        secrets.put("MICROENV_AUDIT_SIGNING_KEY", Base64.getEncoder().encodeToString(signingSeed));
        return secrets;
    }

    /** The roles and databases deploy/local/stack creates, for a fresh cluster. */
    static String databaseSetupSql(Map<String, String> settings) {
        StringBuilder sql = new StringBuilder();
        DATABASE_OWNERS.forEach((role, password) -> sql.append(createRole(role, settings.get(password))));
        sql.append(createRole(AUDIT_APP_ROLE, settings.get("MICROENV_AUDIT_APP_DB_PASSWORD")));
        for (String db : DATABASE_OWNERS.keySet()) {
            sql.append("CREATE DATABASE ").append(db).append(" OWNER ").append(db).append(";\n")
                    .append("REVOKE CONNECT, TEMPORARY ON DATABASE ").append(db).append(" FROM PUBLIC;\n")
                    .append("GRANT CONNECT, TEMPORARY ON DATABASE ").append(db).append(" TO ").append(db).append(";\n");
        }
        sql.append("GRANT CONNECT ON DATABASE microenv_audit TO ").append(AUDIT_APP_ROLE).append(";\n");
        return sql.toString();
    }

    /**
     * Keycloak's environment: its database and bootstrap admin, plus the secrets, from which the realm file's
     * {@code ${MICROENV_...}} placeholders resolve at import (as in the stack).
     */
    static Map<String, String> keycloakEnv(Map<String, String> secrets, String keycloakUrl) {
        Map<String, String> env = new HashMap<>(secrets);
        env.put("MICROENV_KEYCLOAK_URL", keycloakUrl); // the realm's brokered identity provider points at it
        env.put("KC_DB", "postgres");
        env.put("KC_DB_URL", "jdbc:postgresql://" + POSTGRES_ALIAS + ":" + POSTGRES_PORT + "/keycloak");
        env.put("KC_DB_USERNAME", "keycloak");
        env.put("KC_DB_PASSWORD", secrets.get("MICROENV_KEYCLOAK_DB_PASSWORD"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KEYCLOAK_ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", secrets.get("MICROENV_KEYCLOAK_ADMIN_PASSWORD"));
        return env;
    }

    /** {@code --hostname} makes every token's {@code iss} the URL the tests use, however Keycloak is reached. */
    static List<String> keycloakCommand(String keycloakUrl) {
        return List.of("start-dev", "--import-realm", "--hostname=" + keycloakUrl);
    }

    private static void createTopics(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TOPICS_TIMEOUT_SECONDS));
        List<NewTopic> topics = TOPICS.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                .toList();
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(topics).all().get(TOPICS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + TOPICS.keySet() + " on " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static String createRole(String role, String password) {
        return "CREATE ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
                + password.replace("'", "''") + "';\n";
    }

    private static String randomPassword(SecureRandom random) {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for Keycloak", e);
        }
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    private static Map<String, Integer> orderedTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put("microenv.audit.v1", 6);
        topics.put("microenv.credentials.v1", 3);
        topics.put("microenv.audit-checkpoints.v1", 6);
        return Collections.unmodifiableMap(topics);
    }

    private static Map<String, String> orderedOwners() {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("microenv_auth", "MICROENV_AUTH_DB_PASSWORD");
        owners.put("microenv_secrets", "MICROENV_SECRETS_DB_PASSWORD");
        owners.put("microenv_audit", "MICROENV_AUDIT_DB_PASSWORD");
        owners.put("keycloak", "MICROENV_KEYCLOAK_DB_PASSWORD");
        return Collections.unmodifiableMap(owners);
    }
}
