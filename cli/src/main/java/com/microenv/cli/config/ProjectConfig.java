package com.microenv.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .microenv.yaml}: the project and environment a directory works with, written by {@code microenv setup} and
 * found in the working directory or the nearest parent that has one. Never holds a secret, so it may be committed.
 *
 * @param project     the project's id
 * @param environment the environment's name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProjectConfig(String project, String environment) {

    public static final String FILE_NAME = ".microenv.yaml";

    /** A found file and what it says. */
    public record Found(Path file, ProjectConfig config) {
    }

    /** The nearest {@value #FILE_NAME} from {@code directory} upwards, read; empty when there is none. */
    public static Optional<Found> find(Path directory) {
        for (Path current = directory.toAbsolutePath(); current != null; current = current.getParent()) {
            Path file = current.resolve(FILE_NAME);
            if (Files.isRegularFile(file)) {
                return Optional.of(new Found(file, read(file)));
            }
        }
        return Optional.empty();
    }

    static ProjectConfig read(Path file) {
        try {
            ProjectConfig config = yaml().readValue(Files.readString(file, StandardCharsets.UTF_8), ProjectConfig.class);
            return config == null ? new ProjectConfig(null, null) : config;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new CliException(ExitCodes.ERROR, file + " is not valid: expected 'project: <id>' and 'environment: <name>'" + where);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this to {@code directory}/{@value #FILE_NAME}, replacing what was there. */
    public Path write(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            String body = "# MicroENV defaults for this directory (microenv setup). No secrets here.\n"
                    + yaml().writeValueAsString(this);
            Files.writeString(file, body, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    // Built on use: SnakeYAML is only loaded in a directory that has the file.
    private static ObjectMapper yaml() {
        return new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
    }
}
