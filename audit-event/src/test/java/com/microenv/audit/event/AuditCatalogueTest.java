package com.microenv.audit.event;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue is complete and well-formed: every type the services' code emits has a file, every file is
 * valid and documented in docs/audit-events.md. Fails the build otherwise.
 */
class AuditCatalogueTest {

    private static final Path CATALOGUE = Path.of("src/main/resources/catalogue");
    private static final Path REPOSITORY = Path.of("..");
    private static final Pattern LITERAL_TYPE = Pattern.compile("\"(com\\.microenv\\.[a-z]+(?:\\.[a-z_]+)+\\.v[0-9]+)\"");
    private static final Pattern TYPE_CALL = Pattern.compile("AuditTypes\\.type\\(\\s*\"([a-z_.]+)\"\\s*\\)");
    private static final Pattern TYPE_CONSTANT = Pattern.compile("AuditTypes\\.([A-Z][A-Z0-9_]*)\\b");

    @Test
    void everyCatalogueFileIsWellFormedAndItsExampleIsAnEventOfItsType() throws IOException {
        List<Path> files = catalogueFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String type = file.getFileName().toString().replaceFirst("\\.json$", "");
            assertThat(type).as("file name of %s", file).matches(AuditCatalogue.TYPE);
            AuditCatalogue.Entry entry;
            try (InputStream in = Files.newInputStream(file)) {
                entry = AuditCatalogue.parse(type, in);
            }
            AuditEvent example = AuditEventCodec.fromJson(entry.example().toString());
            assertThat(example.type()).as("example type in %s", file).isEqualTo(type);
            assertThat(example.source()).matches("/microenv/[a-z-]+");
            assertThat(entry.emittedBy()).as("emittedBy of %s", type).contains(example.source().substring("/microenv/".length()));
            assertThat(entry.data().keySet()).as("documented data fields of %s", type).containsAll(fieldsOf(entry.example().path("data")));
        }
    }

    @Test
    void everyTypeTheServicesEmitIsCatalogued() throws IOException {
        Set<String> emitted = typesInSources();
        assertThat(emitted).as("types found in the services' code").isNotEmpty();
        for (String type : emitted) {
            assertThat(AuditCatalogue.find(type)).as("catalogue file %s.json for a type used in the code", type).isPresent();
        }
    }

    @Test
    void docsDescribeEveryCataloguedType() throws IOException {
        String docs = Files.readString(REPOSITORY.resolve("docs/audit-events.md"));
        for (Path file : catalogueFiles()) {
            String type = file.getFileName().toString().replaceFirst("\\.json$", "");
            assertThat(docs).as("docs/audit-events.md mentions %s", type).contains("`" + type + "`");
        }
    }

    @Test
    void buildingAnEventOfAnUncataloguedTypeIsRefused() {
        AuditData data = new AuditData("key_1", null, null, "api_key", "p-1", null, "thing.done", AuditData.SUCCESS,
                null, null, null, null, null);
        assertThatThrownBy(() -> AuditEvent.of("some-service", AuditTypes.type("thing.done"), "/projects/p-1", data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("catalogue/com.microenv.thing.done.v1.json");
    }

    @Test
    void aCataloguedTypeIsFoundAndAMalformedNameNever() {
        assertThat(AuditCatalogue.find(AuditTypes.VARIABLE_READ)).get()
                .satisfies(entry -> assertThat(entry.emittedBy()).contains("secrets-service"));
        assertThat(AuditCatalogue.find("../schema/audit-event.v1")).isEmpty();
        assertThat(AuditCatalogue.find(null)).isEmpty();
    }

    /** Every AuditTypes constant that the code of any module uses, every AuditTypes.type("…") and every literal type. */
    private static Set<String> typesInSources() throws IOException {
        Set<String> types = new TreeSet<>();
        List<Path> sources = new ArrayList<>();
        Files.walkFileTree(REPOSITORY, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(REPOSITORY) && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".java") && file.toString().contains("/src/main/java/")) {
                    sources.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path source : sources) {
            if (source.getFileName().toString().equals("AuditTypes.java")) {
                continue;
            }
            String code = Files.readString(source);
            Matcher literal = LITERAL_TYPE.matcher(code);
            while (literal.find()) {
                types.add(literal.group(1));
            }
            Matcher call = TYPE_CALL.matcher(code);
            while (call.find()) {
                types.add(AuditTypes.type(call.group(1)));
            }
            Matcher constant = TYPE_CONSTANT.matcher(code);
            while (constant.find()) {
                String value = constantValue(constant.group(1));
                if (value != null) {
                    types.add(value);
                }
            }
        }
        return types;
    }

    private static String constantValue(String name) {
        try {
            Field field = AuditTypes.class.getField(name);
            return Modifier.isStatic(field.getModifiers()) && field.getType() == String.class ? (String) field.get(null) : null;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return null;
        }
    }

    private static List<Path> catalogueFiles() throws IOException {
        try (Stream<Path> list = Files.list(CATALOGUE)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The example's data field names, with details flattened to details.<key>. */
    private static List<String> fieldsOf(JsonNode data) {
        List<String> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("details")) {
                field.getValue().fieldNames().forEachRemaining(key -> fields.add("details." + key));
            } else {
                fields.add(field.getKey());
            }
        }
        return fields;
    }
}
