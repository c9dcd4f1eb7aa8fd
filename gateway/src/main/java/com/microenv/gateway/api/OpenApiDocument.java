package com.microenv.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.proxy.RouteTable;
import com.microenv.gateway.proxy.Upstream;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one OpenAPI document of the public API, served at {@code /q/openapi}. Nothing in it is hand-copied from a
 * service: the gateway's own part ({@code META-INF/openapi.yaml}: info, security scheme, the problem type, the answers
 * the gateway itself gives, its own health routes) is merged at run time with each service's generated document
 * ({@code <service>/q/openapi?format=json}, which SmallRye OpenAPI builds from the service's JAX-RS resources and
 * annotations). From each service only the {@code /v1} paths the routing table sends to that service are taken, with
 * its schemas and tags; the credential-free operations ({@link RouteTable#credentialFree}) are marked as needing no
 * security. A service that does not answer is listed as {@code unavailable} in {@code x-microenv-sources} and named
 * in a note at the top of the description. The document is rebuilt at most every {@link #REFRESH}, or every
 * {@link #RETRY} while a service's part is missing.
 */
@ApplicationScoped
public class OpenApiDocument {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final Duration RETRY = Duration.ofSeconds(5);
    static final String GENERATED = "generated";
    static final String UNAVAILABLE = "unavailable";
    private static final Logger LOG = Logger.getLogger(OpenApiDocument.class);
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Map<String, String> GATEWAY_RESPONSES = Map.of(
            "401", "Unauthorized", "413", "PayloadTooLarge", "429", "TooManyRequests", "502", "BadGateway",
            "503", "Unavailable", "504", "GatewayTimeout");
    private static final String PROJECT_PLACEHOLDER = new UUID(0, 0).toString();

    private final WebClient client;
    private final Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
    private final JsonObject gatewayPart;
    private volatile Instant validUntil = Instant.EPOCH;
    private final Uni<JsonObject> current;

    public OpenApiDocument(Vertx vertx, GatewayConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(1000).setFollowRedirects(false));
        upstreams.put(Upstream.AUTH, config.authUrl());
        upstreams.put(Upstream.SECRETS, config.secretsUrl());
        upstreams.put(Upstream.AUDIT, config.auditUrl());
        this.gatewayPart = readGatewayPart();
        this.current = build().memoize().until(() -> Instant.now().isAfter(validUntil));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The merged document (cached, see {@link #REFRESH} and {@link #RETRY}). */
    public Uni<JsonObject> document() {
        return current;
    }

    private Uni<JsonObject> build() {
        return Uni.createFrom().deferred(() -> {
            List<Uni<ServiceDoc>> fetches = new ArrayList<>();
            upstreams.forEach((upstream, base) -> fetches.add(fetch(upstream, base)));
            return Uni.join().all(fetches).andFailFast().map(services -> {
                JsonObject merged = merge(gatewayPart, services, Instant.now());
                boolean complete = services.stream().allMatch(service -> service.document() != null);
                validUntil = Instant.now().plus(complete ? REFRESH : RETRY);
                return merged;
            });
        });
    }

    private Uni<ServiceDoc> fetch(Upstream upstream, URI base) {
        String url = base.toString().replaceAll("/+$", "") + "/q/openapi?format=json";
        return client.getAbs(url).putHeader("Accept", "application/json").timeout(2000).send()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        return ServiceDoc.missing(upstream, "answered " + response.statusCode());
                    }
                    JsonObject doc;
                    try {
                        doc = response.bodyAsJsonObject();
                    } catch (RuntimeException notJson) {
                        return ServiceDoc.missing(upstream, "answered something that is not JSON");
                    }
                    return doc != null && doc.getValue("paths") instanceof JsonObject
                            ? new ServiceDoc(upstream, doc, null)
                            : ServiceDoc.missing(upstream, "answered a document without paths");
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("No OpenAPI document from %s: %s", upstream.serviceName(), failure.toString());
                    return ServiceDoc.missing(upstream, "did not answer (" + failure.getClass().getSimpleName() + ")");
                });
    }

    /** The gateway's part merged with the services' documents (a missing one is named in a note). */
    static JsonObject merge(JsonObject gatewayPart, List<ServiceDoc> services, Instant now) {
        JsonObject merged = gatewayPart.copy();
        JsonObject paths = merged.getJsonObject("paths", new JsonObject());
        JsonObject components = merged.getJsonObject("components", new JsonObject());
        JsonObject schemas = components.getJsonObject("schemas", new JsonObject());
        Set<String> ownSchemas = Set.copyOf(schemas.fieldNames());
        JsonArray tags = merged.getJsonArray("tags", new JsonArray());
        Set<String> tagNames = new LinkedHashSet<>();
        tags.forEach(tag -> tagNames.add(((JsonObject) tag).getString("name")));
        JsonObject sources = new JsonObject();
        List<String> notes = new ArrayList<>();
        for (ServiceDoc service : services) {
            String name = service.upstream().serviceName();
            if (service.document() == null) {
                sources.put(name, UNAVAILABLE);
                notes.add(name + " " + service.problem());
                continue;
            }
            sources.put(name, GENERATED);
            JsonObject theirs = service.document().getJsonObject("paths");
            for (String path : theirs.fieldNames()) {
                if (upstreamOf(path) == service.upstream() && theirs.getValue(path) instanceof JsonObject item) {
                    paths.put(path, item.copy());
                }
            }
            JsonObject theirComponents = service.document().getJsonObject("components");
            JsonObject theirSchemas = theirComponents == null ? null : theirComponents.getJsonObject("schemas");
            if (theirSchemas != null) {
                theirSchemas.forEach(entry -> {
                    // The gateway's own schemas (Problem) win; otherwise the first service to name a schema.
                    if (!ownSchemas.contains(entry.getKey()) && !schemas.containsKey(entry.getKey())) {
                        schemas.put(entry.getKey(), entry.getValue());
                    }
                });
            }
            JsonArray theirTags = service.document().getJsonArray("tags");
            if (theirTags != null) {
                theirTags.forEach(tag -> {
                    if (tag instanceof JsonObject t && tagNames.add(t.getString("name"))) {
                        tags.add(t.copy());
                    }
                });
            }
        }
        for (String path : paths.fieldNames()) {
            if (!(paths.getValue(path) instanceof JsonObject item) || !path.startsWith("/v1/")) {
                continue;
            }
            for (String method : METHODS) {
                if (item.getValue(method) instanceof JsonObject operation) {
                    // Answers the gateway itself gives on every operation, whoever describes the operation.
                    JsonObject responses = operation.getJsonObject("responses", new JsonObject());
                    // (A service's own answer for such a status wins only when it describes a body.)
                    GATEWAY_RESPONSES.forEach((status, ref) -> {
                        if (!(responses.getValue(status) instanceof JsonObject theirs) || !theirs.containsKey("content")) {
                            responses.put(status, new JsonObject().put("$ref", "#/components/responses/" + ref));
                        }
                    });
                    operation.put("responses", responses);
                    // How to authenticate is the gateway's to say (its bearer scheme, document-wide): a service's own
                    // security requirements name schemes of its own, which are not in this document.
                    operation.remove("security");
                    if (RouteTable.credentialFree(method.toUpperCase(Locale.ROOT), path)) {
                        operation.put("security", new JsonArray());
                    }
                }
            }
        }
        merged.put("paths", paths);
        merged.put("components", components.put("schemas", schemas));
        merged.put("tags", tags);
        merged.put("x-microenv-sources", sources);
        if (!notes.isEmpty()) {
            JsonObject info = merged.getJsonObject("info", new JsonObject());
            info.put("description", "**Incomplete** (built " + now + "): " + String.join("; ", notes)
                    + ". Its paths are missing until it answers again; this document is rebuilt every "
                    + RETRY.toSeconds() + " s meanwhile.\n\n" + info.getString("description", ""));
            merged.put("info", info);
        }
        return merged;
    }

    /** Which upstream the gateway routes an OpenAPI path template to; {@code null} for paths it does not route. */
    static Upstream upstreamOf(String template) {
        if (template == null || !template.startsWith("/v1/")) {
            return null;
        }
        String[] segments = template.split("/");
        StringBuilder concrete = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                segment = i == 3 && "projects".equals(segments[2]) ? PROJECT_PLACEHOLDER : "x";
            }
            concrete.append('/').append(segment);
        }
        try {
            return RouteTable.resolve(concrete.toString()).upstream();
        } catch (GatewayException notRouted) {
            return null;
        }
    }

    static JsonObject readGatewayPart() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            if (in == null) {
                return new JsonObject().put("openapi", "3.1.0").put("paths", new JsonObject());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            return new JsonObject(yaml);
        } catch (IOException e) {
            throw new IllegalStateException("META-INF/openapi.yaml is unreadable", e);
        }
    }

    /** One service's generated document, or why there is none. */
    record ServiceDoc(Upstream upstream, JsonObject document, String problem) {
        static ServiceDoc missing(Upstream upstream, String problem) {
            return new ServiceDoc(upstream, null, problem);
        }
    }
}
