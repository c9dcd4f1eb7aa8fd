package com.microenv.cli.commands;

import com.microenv.cli.CliContext;
import com.microenv.cli.config.Names;
import com.microenv.cli.config.ProjectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * The {@code --project-id} and {@code --environment} options of commands that work on one environment. Each falls
 * back to {@code $MICROENV_PROJECT_ID} / {@code $MICROENV_ENVIRONMENT}, then to {@code .microenv.yaml}.
 */
final class EnvironmentTarget {

    static final String PROJECT_ENV = "MICROENV_PROJECT_ID";
    static final String ENVIRONMENT_ENV = "MICROENV_ENVIRONMENT";

    @Option(names = "--project-id", paramLabel = "PROJECT_ID",
            description = "The project's id (default: $" + PROJECT_ENV + ", then .microenv.yaml).")
    String projectId;

    @Option(names = "--environment", paramLabel = "ENVIRONMENT",
            description = "The environment's name, e.g. development, staging or production (default: $"
                    + ENVIRONMENT_ENV + ", then .microenv.yaml).")
    String environment;

    /** A project and environment, checked. */
    record Target(String projectId, String environment) {
    }

    /** Flags, then environment variables, then {@code .microenv.yaml}; a missing or malformed value is a usage error. */
    Target resolve(CommandLine command, CliContext context) {
        String project = projectId != null ? projectId : context.envValue(PROJECT_ENV);
        String env = environment != null ? environment : context.envValue(ENVIRONMENT_ENV);
        if (project == null || env == null) {
            Optional<ProjectConfig.Found> found = ProjectConfig.find(context.workingDirectory());
            if (found.isPresent()) {
                project = project != null ? project : found.get().config().project();
                env = env != null ? env : found.get().config().environment();
            }
        }
        if (project == null) {
            throw new CommandLine.ParameterException(command, "missing --project-id (or $" + PROJECT_ENV
                    + ", or run 'microenv setup' to write .microenv.yaml here)");
        }
        if (env == null) {
            throw new CommandLine.ParameterException(command, "missing --environment (or $" + ENVIRONMENT_ENV
                    + ", or run 'microenv setup' to write .microenv.yaml here)");
        }
        String checkedProject = project;
        Names.projectIdProblem(checkedProject).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
        Names.environmentNameProblem(env).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
        return new Target(checkedProject, env);
    }
}
