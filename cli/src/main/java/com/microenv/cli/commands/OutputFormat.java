package com.microenv.cli.commands;

import java.util.Locale;

/**
 * The download formats of {@code variables get --format}. The API renders them ({@code GET …/variables?format=}),
 * so the CLI prints exactly what {@code curl} gets; the rules are secrets-service's.
 */
public enum OutputFormat {
    /** The seed's JSON: {@code {"projectId","environment","variables":{NAME:value}}}. */
    JSON,
    /** dotenv: {@code NAME="value"} lines with backslash escapes. */
    ENV,
    /** {@code NAME: "value"} lines, every value a double-quoted YAML string. */
    YAML,
    /** {@code NAME=value} lines for {@code docker run --env-file}; refused by the API when a value has a line break. */
    DOCKER;

    /** The value of the {@code format} query parameter. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
