package com.microenv.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.proxy.RouteTable;
import com.microenv.gateway.proxy.Upstream;
import io.smallrye.mutiny.Uni;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one OpenAPI document of the public API, served at {@code /q/openapi}: the gateway's own description
 * ({@code META-INF/openapi.yaml}: security scheme, problem type, gateway answers such as 429) merged with each
 * service's generated document ({@code <service>/q/openapi?format=json}, from its annotations). From each service only
 * the {@code /v1} paths the routing table sends to that service are taken; its schemas are added. A service that does
 * not publish a document (yet) is described by the bundled paths for it, and {@code x-microenv-sources} says which
 * source each service's paths came from. Rebuilt at most every {@link #REFRESH}.
 */
@ApplicationScoped
public class OpenApiDocument {

    static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(OpenApiDocument.class);
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Map<String, String> GATEWAY_RESPONSES = Map.of(
            "401", "Unauthorized", "413", "PayloadTooLarge", "429", "TooManyRequests", "502", "BadGateway",
            "503", "Unavailable", "504", "GatewayTimeout");
    private static final String PROJECT_PLACEHOLDER = new UUID(0, 0).toString();

    private final WebClient client;
    private final Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
    private final JsonObject bundled;
    private volatile Uni<JsonObject> current;

    public OpenApiDocument(Vertx vertx, GatewayConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(1000).setFollowRedirects(false));
        upstreams.put(Upstream.AUTH, config.authUrl());
        upstreams.put(Upstream.SECRETS, config.secretsUrl());
        upstreams.put(Upstream.AUDIT, config.auditUrl());
        this.bundled = readBundled();
        this.current = build().memoize().atLeast(REFRESH);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The merged document (cached for {@link #REFRESH}). */
    public Uni<JsonObject> document() {
        return current;
    }

    private Uni<JsonObject> build() {
        List<Uni<ServiceDoc>> fetches = new ArrayList<>();
        upstreams.forEach((upstream, base) -> fetches.add(fetch(upstream, base)));
        return Uni.join().all(fetches).andFailFast().map(this::merge);
    }

    private Uni<ServiceDoc> fetch(Upstream upstream, URI base) {
        String url = base.toString().replaceAll("/+$", "") + "/q/openapi?format=json";
        return client.getAbs(url).putHeader("Accept", "application/json").timeout(2000).send()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        return new ServiceDoc(upstream, null);
                    }
                    JsonObject doc = response.bodyAsJsonObject();
                    return new ServiceDoc(upstream, doc != null && doc.getValue("paths") instanceof JsonObject ? doc : null);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("No OpenAPI document from %s: %s", upstream.serviceName(), failure.toString());
                    return new ServiceDoc(upstream, null);
                });
    }

    JsonObject merge(List<ServiceDoc> services) {
        JsonObject merged = bundled.copy();
        JsonObject paths = merged.getJsonObject("paths", new JsonObject());
        JsonObject schemas = merged.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
        JsonObject sources = new JsonObject();
        for (ServiceDoc service : services) {
            if (service.document() == null) {
                sources.put(service.upstream().serviceName(), "bundled");
                continue;
            }
            sources.put(service.upstream().serviceName(), "generated");
            // The service's own description replaces the bundled one for its paths.
            new ArrayList<>(paths.fieldNames()).stream()
                    .filter(path -> upstreamOf(path) == service.upstream())
                    .forEach(paths::remove);
            JsonObject theirs = service.document().getJsonObject("paths");
            for (String path : theirs.fieldNames()) {
                if (upstreamOf(path) == service.upstream()) {
                    paths.put(path, theirs.getValue(path));
                }
            }
            JsonObject components = service.document().getJsonObject("components");
            JsonObject theirSchemas = components == null ? null : components.getJsonObject("schemas");
            if (theirSchemas != null) {
                theirSchemas.forEach(entry -> schemas.put(entry.getKey(), entry.getValue()));
            }
        }
        // Answers the gateway itself gives on every operation, whoever describes the operation.
        for (String path : paths.fieldNames()) {
            if (!(paths.getValue(path) instanceof JsonObject item)) {
                continue;
            }
            for (String method : METHODS) {
                if (item.getValue(method) instanceof JsonObject operation) {
                    JsonObject responses = operation.getJsonObject("responses", new JsonObject());
                    GATEWAY_RESPONSES.forEach((status, ref) -> {
                        if (!responses.containsKey(status)) {
                            responses.put(status, new JsonObject().put("$ref", "#/components/responses/" + ref));
                        }
                    });
                    operation.put("responses", responses);
                }
            }
        }
        merged.put("paths", paths);
        merged.put("components", merged.getJsonObject("components", new JsonObject()).put("schemas", schemas));
        merged.put("x-microenv-sources", sources);
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

    private static JsonObject readBundled() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            if (in == null) {
                return new JsonObject().put("openapi", "3.0.3").put("paths", new JsonObject());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            return new JsonObject(yaml);
        } catch (IOException e) {
            throw new IllegalStateException("META-INF/openapi.yaml is unreadable", e);
        }
    }

    record ServiceDoc(Upstream upstream, JsonObject document) {
    }
}
