package com.microenv.cli.commands;

import com.microenv.cli.config.Names;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --project-id} and {@code --environment} options of commands that work on one environment. */
final class EnvironmentTarget {

    @Option(names = "--project-id", required = true, paramLabel = "PROJECT_ID",
            description = "The project's id.")
    String projectId;

    @Option(names = "--environment", required = true, paramLabel = "ENVIRONMENT",
            description = "The environment's name, e.g. development, staging or production.")
    String environment;

    /** Rejects a malformed id or name before anything is sent. */
    void validate(CommandLine command) {
        Names.projectIdProblem(projectId).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
        Names.environmentNameProblem(environment).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
    }
}
