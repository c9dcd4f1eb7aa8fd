package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.keycloak.representations.idm.RealmRepresentation;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Parses rendered objects into the real models and fails on unknown fields and wrong types.
 * <ul>
 *   <li>Kubernetes kinds: fabric8's kubernetes-model; Strimzi kinds: Strimzi's {@code io.strimzi:api} classes.
 *       Both keep unknown fields in {@code additionalProperties} (fabric8 also puts a value of the wrong type
 *       there), so after parsing every model object reachable from the root must have none; scalar coercion
 *       ("3" for an int, "true" for a boolean, 3 for a string) is switched off.</li>
 *   <li>CloudNativePG and Keycloak Operator kinds: the vendored CRD schema excerpts in {@code crd-schemas/}
 *       (JSON Schema, {@code additionalProperties: false} added where the CRD lists properties), and a
 *       KeycloakRealmImport's {@code spec.realm} by Keycloak's {@code RealmRepresentation}.</li>
 * </ul>
 */
final class StrictModels {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = strictSerialization();
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    /** apiVersion/kind -> vendored schema file. */
    private static final Map<String, String> SCHEMA_FILES = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io_clusters.yaml",
            "postgresql.cnpg.io/v1/Database", "postgresql.cnpg.io_databases.yaml",
            "postgresql.cnpg.io/v1/ScheduledBackup", "postgresql.cnpg.io_scheduledbackups.yaml",
            "k8s.keycloak.org/v2alpha1/Keycloak", "k8s.keycloak.org_keycloaks.yaml",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "k8s.keycloak.org_keycloakrealmimports.yaml");

    private StrictModels() {
    }

    /** Every problem found in one rendered object; empty when it parses cleanly. */
    static List<String> problems(ObjectNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String name = document.path("metadata").path("name").asText();
        String where = kind + " " + name + " (" + apiVersion + ")";
        String schemaFile = SCHEMA_FILES.get(apiVersion + "/" + kind);
        List<String> problems = new ArrayList<>();
        if (schemaFile != null) {
            for (ValidationMessage message : schema(schemaFile).validate(document)) {
                problems.add(where + ": " + message.getMessage());
            }
            if (kind.equals("KeycloakRealmImport")) {
                try {
                    STRICT_JSON.treeToValue(document.path("spec").path("realm"), RealmRepresentation.class);
                } catch (IOException e) {
                    problems.add(where + ": spec.realm is not a Keycloak RealmRepresentation: " + e.getMessage());
                }
            }
            return problems;
        }
        Class<? extends KubernetesResource> model = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
        if (model == null || GenericKubernetesResource.class.equals(model)) {
            problems.add(where + ": no model (neither fabric8, Strimzi, nor a vendored CRD schema) knows this kind");
            return problems;
        }
        Object parsed;
        try {
            // Straight into the model class: fabric8's polymorphic entry point (unmarshal) coerces "2" to 2.
            parsed = MAPPER.treeToValue(document, model);
        } catch (RuntimeException | IOException e) {
            problems.add(where + ": does not parse: " + e.getMessage().split("\n")[0]);
            return problems;
        }
        collectUnknownFields(parsed, kind, problems, new IdentityHashMap<>());
        compareRoundTrip(document, MAPPER.valueToTree(parsed), kind, problems);
        problems.replaceAll(p -> where + ": " + p);
        return problems;
    }

    /** The typed object (fabric8 or Strimzi) of a rendered document. */
    static <T> T typed(ObjectNode document, Class<T> type) {
        try {
            return MAPPER.treeToValue(document, type);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static KubernetesSerialization strictSerialization() {
        ObjectMapper mapper = MAPPER;
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
        for (String version : new String[] {"kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"}) {
            serialization.registerKubernetesResource(version, "Kafka", Kafka.class);
            serialization.registerKubernetesResource(version, "KafkaNodePool", KafkaNodePool.class);
            serialization.registerKubernetesResource(version, "KafkaTopic", KafkaTopic.class);
            serialization.registerKubernetesResource(version, "KafkaUser", KafkaUser.class);
        }
        return serialization;
    }

    private static void collectUnknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getName().equals("getClass")
                    || method.getReturnType().isPrimitive()) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) or value(s) of the wrong type: " + extra.keySet());
                }
                continue;
            }
            String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            collectUnknownFields(child, path + "." + property, problems, seen);
        }
    }

    /**
     * Every scalar of the rendered object must come back from the model with its JSON type: fabric8's mapper
     * turns "2" into an Integer silently, so a value whose type the model changed (string in, number or boolean
     * out) is a wrong type. A number or boolean that comes back as the same text (Quantity, IntOrString) is fine.
     */
    private static void compareRoundTrip(JsonNode original, JsonNode back, String path, List<String> problems) {
        if (original.isObject()) {
            original.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
                    return;
                }
                JsonNode other = back == null ? null : back.get(field.getKey());
                // Absent on the way back: a default the model omits (unknown fields are caught above).
                if (other != null && !other.isNull()) {
                    compareRoundTrip(value, other, path + "." + field.getKey(), problems);
                }
            });
        } else if (original.isArray()) {
            for (int i = 0; i < original.size(); i++) {
                JsonNode other = back != null && back.isArray() && back.size() > i ? back.get(i) : null;
                if (other != null) {
                    compareRoundTrip(original.get(i), other, path + "[" + i + "]", problems);
                }
            }
        } else if (original.isTextual() && !back.isTextual()) {
            problems.add(path + ": wrong type: the string \"" + original.asText() + "\" where the model has a "
                    + back.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        } else if (!original.isTextual() && back.isTextual() && !back.asText().equals(original.asText())) {
            problems.add(path + ": wrong type: " + original + " where the model has a string");
        } else if (!back.isTextual() && !original.asText().equals(back.asText())) {
            problems.add(path + ": " + original + " comes back as " + back);
        }
    }

    private static JsonSchema schema(String file) {
        return SCHEMAS.computeIfAbsent(file, f -> {
            try (InputStream in = StrictModels.class.getResourceAsStream("/crd-schemas/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("no crd-schemas/" + f);
                }
                Object loaded = new Yaml().load(in);
                JsonNode crd = Kustomize.YAML.valueToTree(loaded);
                JsonNode schema = toJsonSchema(crd.path("openAPIV3Schema").deepCopy());
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** OpenAPI v3 (structural CRD schema) to JSON Schema: int-or-string, and no unknown properties. */
    static JsonNode toJsonSchema(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean preserve = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (object.path("x-kubernetes-int-or-string").asBoolean(false)) {
                object.remove("x-kubernetes-int-or-string");
                ArrayNode types = object.putArray("type");
                types.add("integer").add("string");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("enum")) {
                    continue;
                }
                field.setValue(toJsonSchema(field.getValue()));
            }
            if (object.has("properties") && !object.has("additionalProperties") && !preserve) {
                object.put("additionalProperties", false);
            }
            Set<String> vendorKeys = new java.util.TreeSet<>();
            object.fieldNames().forEachRemaining(n -> {
                if (n.startsWith("x-kubernetes-")) {
                    vendorKeys.add(n);
                }
            });
            object.remove(vendorKeys);
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, toJsonSchema(array.get(i)));
            }
        }
        return node;
    }

    static String describe(List<String> problems) {
        return problems.stream().collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
