package com.microenv.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.MicroenvApi.PutResult;
import com.microenv.cli.config.Dotenv;
import com.microenv.cli.config.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv variables upload FILE}: sets every variable of a dotenv or JSON file. */
@Command(name = "upload",
        description = {"Set every variable in FILE (dotenv, or JSON: {\"NAME\":\"value\"} or the seed's "
                + "{\"variables\":{…}}), one request each, in file order. The whole file is checked before anything is "
                + "sent. Variables not in the file are left as they are."})
final class VariablesUploadCommand implements Callable<Integer> {

    enum Format { ENV, JSON }

    @Mixin
    EnvironmentTarget target;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "env or json (default: json for a .json file, env otherwise).")
    Format format;

    @Parameters(paramLabel = "FILE", description = "The file to read; - for standard input.")
    String file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        EnvironmentTarget.Target where = target.resolve(command, root.context());
        String text = read(root);
        Format chosen = format != null ? format
                : file.toLowerCase(Locale.ROOT).endsWith(".json") ? Format.JSON : Format.ENV;
        Map<String, String> variables = chosen == Format.JSON ? fromJson(text) : fromDotenv(text);
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (variable.getValue().getBytes(StandardCharsets.UTF_8).length > VariablesSetCommand.MAX_VALUE_BYTES) {
                throw new CliException(ExitCodes.USAGE, file + ": the value of " + variable.getKey() + " is longer than 64 KiB");
            }
        }
        Session session = root.connect(command);
        int created = 0;
        int updated = 0;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            PutResult result = session.api().putVariable(where.projectId(), where.environment(), variable.getKey(), variable.getValue());
            if (result.created()) {
                created++;
            } else {
                updated++;
            }
        }
        if (root.json()) {
            Output.json(command.getOut(), Map.of("created", created, "updated", updated, "names", variables.keySet()));
        } else {
            command.getOut().println("Uploaded " + variables.size() + " variables to " + where.environment() + ": "
                    + created + " created, " + updated + " updated.");
        }
        return ExitCodes.OK;
    }

    private String read(MicroenvCommand root) {
        try {
            byte[] bytes = file.equals("-") ? root.context().stdin().readAllBytes()
                    : Files.readAllBytes(root.context().workingDirectory().resolve(file));
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "there is no file " + file);
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> fromDotenv(String text) {
        try {
            return Dotenv.parse(text);
        } catch (Dotenv.DotenvException e) {
            throw new CliException(ExitCodes.USAGE, file + " " + e.getMessage());
        }
    }

    private Map<String, String> fromJson(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            // Not Jackson's message: it may quote the content.
            throw new CliException(ExitCodes.USAGE, file + " is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root != null && root.has("variables") && root.get("variables").isObject()) {
            root = root.get("variables");
        }
        if (root == null || !root.isObject()) {
            throw new CliException(ExitCodes.USAGE, file + " must hold a JSON object of NAME: \"value\"");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            Names.variableNameProblem(entry.getKey()).ifPresent(problem -> {
                throw new CliException(ExitCodes.USAGE, file + ": " + problem);
            });
            if (!entry.getValue().isTextual()) {
                throw new CliException(ExitCodes.USAGE, file + ": the value of " + entry.getKey() + " is not a string");
            }
            variables.put(entry.getKey(), entry.getValue().asText());
        }
        return variables;
    }
}
