package com.microenv.secrets.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code docker run --env-file}: {@code NAME=value} lines that Docker takes literally (no quotes, no escapes, no
 * comments after a value), so a value with a line break cannot be written: rendering refuses it.
 */
public final class DockerEnvCodec {

    private DockerEnvCodec() {
    }

    /** @throws ServiceException UNREPRESENTABLE naming the variables with line breaks */
    public static String render(SortedMap<String, String> values) {
        List<String> multiline = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                multiline.add(name);
            } else {
                out.append(name).append('=').append(value).append('\n');
            }
        });
        if (!multiline.isEmpty()) {
            throw ServiceException.unrepresentable("docker --env-file cannot hold line breaks, which the values of "
                    + String.join(", ", multiline) + " contain; use format=env, json or yaml");
        }
        return out.toString();
    }

    /** Reads an env file as Docker does: lines trimmed on the left, blank and {@code #} lines skipped, the value literal. */
    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw ServiceException.validation("line " + (index + 1) + ": expected NAME=value (an env file line "
                        + "without a value takes it from the caller's environment, which an upload cannot do)");
            }
            String name = trimmed.substring(0, equals);
            if (!Names.isVariableName(name)) {
                throw ServiceException.validation("line " + (index + 1) + ": the name is not a valid variable name "
                        + "(^[A-Z_][A-Z0-9_]*$)");
            }
            String value = trimmed.substring(equals + 1);
            try {
                Names.requireValue(value);
            } catch (ServiceException e) {
                throw new ServiceException(e.reason(), "line " + (index + 1) + ": " + e.detail());
            }
            values.put(name, value);
        }
        return values;
    }
}
