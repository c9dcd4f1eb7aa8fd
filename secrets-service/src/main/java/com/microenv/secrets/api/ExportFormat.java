package com.microenv.secrets.api;

import com.microenv.secrets.service.ServiceException;
import com.microenv.secrets.service.VariableSet;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The download formats of {@code GET …/variables?format=}: json (default), env, yaml, docker. */
public enum ExportFormat {

    /** {@code {"projectId","environment","variables":{NAME:value}}}. */
    JSON(MediaType.APPLICATION_JSON) {
        @Override
        Object render(VariableSet set) {
            return new VariablesResponse(set.projectId().toString(), set.environment(), set.values());
        }
    },

    /**
     * dotenv: {@code NAME="value"} lines. Inside the double quotes a backslash, double quote and dollar sign are
     * escaped with a backslash (no interpolation), and newline, carriage return and tab are written as
     * {@code \n}, {@code \r}, {@code \t} — the rules of docker compose, godotenv and python-dotenv.
     */
    ENV("text/plain;charset=UTF-8") {
        @Override
        Object render(VariableSet set) {
            StringBuilder out = new StringBuilder();
            set.values().forEach((name, value) -> out.append(name).append("=\"").append(escapeDotenv(value)).append("\"\n"));
            return out.toString();
        }
    },

    /**
     * YAML: {@code NAME: "value"} lines, each value a double-quoted scalar with YAML escapes, so any value reads
     * back as the same string. Names YAML 1.1 would read as booleans or null ({@code ON}, {@code NO}, ...) are
     * quoted too.
     */
    YAML("application/yaml;charset=UTF-8") {
        @Override
        Object render(VariableSet set) {
            StringBuilder out = new StringBuilder();
            set.values().forEach((name, value) -> out.append(YAML_AMBIGUOUS_KEYS.contains(name) ? "\"" + name + "\"" : name)
                    .append(": \"").append(escapeYaml(value)).append("\"\n"));
            return out.toString();
        }
    },

    /**
     * {@code docker run --env-file}: {@code NAME=value} lines taken literally (Docker applies no quoting or
     * escaping), so a value with a line break cannot be written; such a request is refused and names the
     * variables, leaving the caller to use env, json or yaml.
     */
    DOCKER("text/plain;charset=UTF-8") {
        @Override
        Object render(VariableSet set) {
            List<String> multiline = set.values().entrySet().stream()
                    .filter(entry -> entry.getValue().indexOf('\n') >= 0 || entry.getValue().indexOf('\r') >= 0)
                    .map(Map.Entry::getKey)
                    .toList();
            if (!multiline.isEmpty()) {
                throw ServiceException.unrepresentable("docker --env-file cannot hold line breaks, which the values of "
                        + String.join(", ", multiline) + " contain; use format=env, json or yaml");
            }
            StringBuilder out = new StringBuilder();
            set.values().forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
            return out.toString();
        }
    };

    private static final Set<String> YAML_AMBIGUOUS_KEYS = Set.of("Y", "N", "YES", "NO", "TRUE", "FALSE", "ON", "OFF",
            "NULL");

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

    static String escapeDotenv(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("\\$");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String escapeYaml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                            || c == '\ufeff' || c == '\ufffe' || c == '\uffff') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
