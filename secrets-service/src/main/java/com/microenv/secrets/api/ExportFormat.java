package com.microenv.secrets.api;

import com.microenv.secrets.service.DockerEnvCodec;
import com.microenv.secrets.service.DotenvCodec;
import com.microenv.secrets.service.ServiceException;
import com.microenv.secrets.service.VariableSet;
import com.microenv.secrets.service.YamlCodec;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/** The download formats of {@code GET …/variables?format=}: json (default), env, yaml, docker. */
public enum ExportFormat {

    /**
     * {@code {"projectId","environment","variables":{NAME:value}}} (the shape of {@link VariablesResponse}), written
     * once with Jackson's streaming generator straight into the response bytes: no object tree, no reflection.
     */
    JSON(MediaType.APPLICATION_JSON) {
        @Override
        Object render(VariableSet set) {
            try (ByteArrayBuilder bytes = new ByteArrayBuilder(JSON_FACTORY._getBufferRecycler(), 256 + 160 * set.values().size());
                 JsonGenerator out = JSON_FACTORY.createGenerator(bytes)) {
                out.writeStartObject();
                out.writeStringField("projectId", set.projectId().toString());
                out.writeStringField("environment", set.environment());
                out.writeObjectFieldStart("variables");
                for (Map.Entry<String, String> variable : set.values().entrySet()) {
                    out.writeStringField(variable.getKey(), variable.getValue());
                }
                out.writeEndObject();
                out.writeEndObject();
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("the variables could not be written as JSON", e);
            }
        }
    },

    /** dotenv, quoted per value so that Node's dotenv reads each back exactly (docs/variables.md). */
    ENV("text/plain;charset=UTF-8") {
        @Override
        Object render(VariableSet set) {
            return DotenvCodec.render(set.values());
        }
    },

    /** YAML written by SnakeYAML: a mapping, keys and values double-quoted scalars. */
    YAML("application/yaml;charset=UTF-8") {
        @Override
        Object render(VariableSet set) {
            return YamlCodec.render(set.values());
        }
    },

    /** {@code docker run --env-file}: literal {@code NAME=value} lines; values with line breaks are refused. */
    DOCKER("text/plain;charset=UTF-8") {
        @Override
        Object render(VariableSet set) {
            return DockerEnvCodec.render(set.values());
        }
    };

    /** Plain JSON, UTF-8; Jackson's default escaping (the same as the ObjectMapper's for these strings). */
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The rendered body: UTF-8 bytes for JSON, text otherwise. */
    abstract Object render(VariableSet set);

    /** Parses {@code ?format=}; absent means json. */
    public static ExportFormat parse(String format) {
        if (format == null || format.isEmpty()) {
            return JSON;
        }
        try {
            return valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("format must be one of json, env, yaml, docker");
        }
    }
}
