package com.microenv.secrets.api;

import com.microenv.secrets.service.DockerEnvCodec;
import com.microenv.secrets.service.DotenvCodec;
import com.microenv.secrets.service.ServiceException;
import com.microenv.secrets.service.VariableSet;
import com.microenv.secrets.service.YamlCodec;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;

/** The download formats of {@code GET …/variables?format=}: json (default), env, yaml, docker. */
public enum ExportFormat {

    /** {@code {"projectId","environment","variables":{NAME:value}}}. */
    JSON(MediaType.APPLICATION_JSON) {
        @Override
        Object render(VariableSet set) {
            return new VariablesResponse(set.projectId().toString(), set.environment(), set.values());
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

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The rendered body: a record for JSON, text otherwise. */
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
