package com.microenv.audit.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The catalogue of audit event types: one file {@code catalogue/<type>.json} per type on the class path
 * (this module's {@code src/main/resources/catalogue/}), see docs/contracts.md "Audit event catalogue" and
 * docs/audit-events.md. {@link AuditEvent#of} refuses a type that has no file, so a service cannot emit an
 * undocumented type without its tests failing.
 */
public final class AuditCatalogue {

    /** Folder of the catalogue on the class path. */
    public static final String FOLDER = "catalogue/";

    /** What a type must look like: {@code com.microenv.<resource>.<action>.v<N>} (also keeps lookups inside the folder). */
    public static final Pattern TYPE = Pattern.compile("^com\\.microenv\\.[a-z]+(\\.[a-z_]+)+\\.v[0-9]+$");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Optional<Entry>> CACHE = new ConcurrentHashMap<>();

    private AuditCatalogue() {
    }

    /**
     * One catalogue file.
     *
     * @param type      the event type, equal to the file name without {@code .json}
     * @param emittedBy the services that emit it
     * @param when      when it is emitted
     * @param data      each {@code data} field the type sets (and {@code details.<key>} for each details key) → meaning
     * @param example   a full CloudEvent of this type
     */
    public record Entry(String type, List<String> emittedBy, String when, Map<String, String> data, JsonNode example) {
    }

    /** The catalogue entry of {@code type}, if it has a file. */
    public static Optional<Entry> find(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            return Optional.empty();
        }
        return CACHE.computeIfAbsent(type, AuditCatalogue::load);
    }

    /** Passes when {@code type} is catalogued; otherwise an {@link IllegalArgumentException} naming the missing file. */
    public static void require(String type) {
        if (find(type).isEmpty()) {
            throw new IllegalArgumentException("audit event type '" + type + "' is not in the catalogue: add "
                    + "audit-event/src/main/resources/" + FOLDER + type + ".json (docs/contracts.md, Audit event catalogue)"
                    + " and describe it in docs/audit-events.md");
        }
    }

    /** Parses a catalogue file; an {@link IllegalArgumentException} says what is wrong with it. */
    public static Entry parse(String expectedType, InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        String type = text(root, "type");
        if (!expectedType.equals(type)) {
            throw new IllegalArgumentException("catalogue file of " + expectedType + " names type " + type);
        }
        List<String> emittedBy = new ArrayList<>();
        JsonNode services = root.path("emittedBy");
        if (!services.isArray() || services.isEmpty()) {
            throw new IllegalArgumentException(type + ": emittedBy must be a non-empty array of service names");
        }
        services.forEach(s -> emittedBy.add(s.asText()));
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            throw new IllegalArgumentException(type + ": data must be an object of field name to meaning");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        data.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        JsonNode example = root.path("example");
        if (!example.isObject()) {
            throw new IllegalArgumentException(type + ": example must be a full CloudEvent");
        }
        return new Entry(type, List.copyOf(emittedBy), text(root, "when"), Map.copyOf(fields), example);
    }

    private static Optional<Entry> load(String type) {
        String resource = FOLDER + type + ".json";
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = AuditCatalogue.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            return Optional.empty();
        }
        try (InputStream file = in) {
            return Optional.of(parse(type, file));
        } catch (IOException e) {
            throw new UncheckedIOException("catalogue file " + resource + " is not readable JSON", e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("catalogue file lacks a non-blank '" + field + "'");
        }
        return node.asText();
    }
}
