package com.microenv.secrets.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.secrets.crypto.AssociatedData;
import com.microenv.secrets.crypto.ConfigKeyEncryptionKeyProvider;
import com.microenv.secrets.crypto.KeyEncryptionKeyProvider;
import com.microenv.secrets.crypto.WrappedKey;
import com.microenv.secrets.service.DataKeys;
import com.microenv.secrets.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KEK rotation while the service serves: projects whose data keys are wrapped by the retired (test-only) KEK are
 * read continuously by several threads, each read forgetting the cached data key first so that it unwraps whatever
 * the database holds at that instant (old or new KEK). The rotation runs through the operator endpoint, one key per
 * transaction; a first run is cut short (some keys are held by another transaction, as when a replica dies
 * mid-batch and its batch rolls back), the next run resumes with exactly the keys left. Every read must answer 200
 * with the right values throughout.
 */
@QuarkusTest
@TestProfile(KekRotationUnderLoadTest.OneKeyPerBatch.class)
class KekRotationUnderLoadTest {

    /** One key per transaction, so the rotation takes long enough to overlap many reads; no rotation at start. */
    public static class OneKeyPerBatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("microenv.crypto.rotation-batch-size", "1", "microenv.crypto.rotate-on-start", "false");
        }
    }

    private static final int PROJECTS = 12;
    private static final int HELD_BACK = 4;
    private static final int READERS = 4;
    private static final String ADMIN = "test-admin-token";

    @Inject
    AgroalDataSource database;

    @Inject
    KeyEncryptionKeyProvider kek;

    @Inject
    DataKeys dataKeys;

    @TestHTTPResource("/")
    URL base;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyReadReturnsTheRightValuesWhileTheRotationRunsIsInterruptedAndResumes() throws Exception {
        String retiredKek = ConfigProvider.getConfig().getValue("microenv.crypto.previous-keks", String.class);
        ConfigKeyEncryptionKeyProvider retired = new ConfigKeyEncryptionKeyProvider(retiredKek);
        String current = kek.currentKeyId();
        assertThat(retired.kekId()).isNotEqualTo(current);

        Map<UUID, Map<String, String>> expected = new LinkedHashMap<>();
        Map<UUID, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < PROJECTS; i++) {
            UUID project = UUID.randomUUID();
            String token = TestTokens.forProject(project).sign();
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : List.of("DATABASE_URL", "API_TOKEN", "EMPTY")) {
                String value = name.equals("EMPTY") ? "" : name.toLowerCase() + "-" + UUID.randomUUID();
                given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("value", value))
                        .put(variablesPath(project) + "/" + name).then().statusCode(201);
                values.put(name, value);
            }
            expected.put(project, values);
            tokens.put(project, token);
            rewrapUnder(retired, project);
        }
        for (UUID project : expected.keySet()) {
            assertThat(kekOf(project)).isEqualTo(retired.kekId());
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<UUID> projects = new ArrayList<>(expected.keySet());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            int offset = r;
            readers.add(pool.submit(() -> {
                for (int i = offset; !stop.get(); i++) {
                    UUID project = projects.get(i % projects.size());
                    dataKeys.forget(project);
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                        URI.create(base.toString().replaceAll("/$", "") + variablesPath(project)))
                                .header("Authorization", "Bearer " + tokens.get(project))
                                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.add("status " + response.statusCode() + " for project " + project);
                        } else {
                            JsonNode variables = json.readTree(response.body()).get("variables");
                            Map<String, String> got = new LinkedHashMap<>();
                            variables.fields().forEachRemaining(e -> got.put(e.getKey(), e.getValue().asText()));
                            if (!got.equals(expected.get(project))) {
                                // Names only: values never reach test output.
                                failures.add("wrong values for project " + project + " (names " + got.keySet() + ")");
                            }
                        }
                    } catch (Exception e) {
                        failures.add(e.getClass().getSimpleName() + " for project " + project);
                    }
                    reads.incrementAndGet();
                }
            }));
        }

        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> reads.get() >= 2L * READERS);

            // First run: another transaction holds HELD_BACK of the keys, as a replica that died mid-batch would
            // have until its transaction rolled back. The run re-wraps the others and ends with those left.
            List<UUID> heldBack = projects.subList(0, HELD_BACK);
            try (Connection holder = database.getConnection()) {
                holder.setAutoCommit(false);
                for (UUID project : heldBack) {
                    try (PreparedStatement lock = holder.prepareStatement(
                            "SELECT project_id FROM project_keys WHERE project_id = ? FOR UPDATE")) {
                        lock.setObject(1, project);
                        lock.executeQuery().close();
                    }
                }
                long readsBefore = reads.get();
                given().auth().oauth2(ADMIN).post("/internal/v1/kek-rotation").then().statusCode(202);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                        projects.subList(HELD_BACK, PROJECTS).stream().allMatch(p -> current.equals(kekOf(p)))
                                && !given().auth().oauth2(ADMIN).get("/internal/v1/kek-rotation")
                                .then().statusCode(200).extract().<Boolean>path("running"));
                for (UUID project : heldBack) {
                    assertThat(kekOf(project)).as("held back from the first run").isEqualTo(retired.kekId());
                }
                assertThat(reads.get()).as("reads served during the first run").isGreaterThan(readsBefore);
                holder.rollback();
            }

            // The interrupted rotation resumes: the next run finds exactly the keys left under the retired KEK.
            given().auth().oauth2(ADMIN).post("/internal/v1/kek-rotation").then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> projects.stream().allMatch(p -> current.equals(kekOf(p))));
            long afterRotation = reads.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> reads.get() >= afterRotation + 2L * READERS);
        } finally {
            stop.set(true);
            for (Future<?> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }

        assertThat(failures).as("failed reads out of " + reads.get()).isEmpty();
        assertThat(reads.get()).isGreaterThan(4L * READERS);
        given().auth().oauth2(ADMIN).get("/internal/v1/kek-rotation").then().statusCode(200);
        for (UUID project : projects) {
            given().auth().oauth2(tokens.get(project)).get(variablesPath(project)).then().statusCode(200);
        }
        System.out.printf("KEK rotation under load: %d reads by %d threads, none failed%n", reads.get(), READERS);
    }

    private static String variablesPath(UUID project) {
        return "/v1/projects/" + project + "/environments/production/variables";
    }

    /** Re-wraps the project's stored data key under {@code retired}, as if it had been made before the rotation. */
    private void rewrapUnder(ConfigKeyEncryptionKeyProvider retired, UUID project) throws Exception {
        byte[] context = AssociatedData.forDataKey(project);
        byte[] dataKey;
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT wrapped_dek, kek_id FROM project_keys WHERE project_id = ?")) {
            select.setObject(1, project);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                dataKey = kek.unwrap(new WrappedKey(row.getString(2), row.getBytes(1)), context).await().indefinitely();
            }
        }
        WrappedKey wrapped = retired.wrap(dataKey, context).await().indefinitely();
        Arrays.fill(dataKey, (byte) 0);
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE project_keys SET wrapped_dek = ?, kek_id = ? WHERE project_id = ?")) {
            update.setBytes(1, wrapped.ciphertext());
            update.setString(2, wrapped.kekId());
            update.setObject(3, project);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        dataKeys.forget(project);
    }

    private String kekOf(UUID project) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT kek_id FROM project_keys WHERE project_id = ?")) {
            select.setObject(1, project);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
