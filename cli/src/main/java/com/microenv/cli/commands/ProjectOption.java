package com.microenv.cli.commands;

import com.microenv.cli.CliContext;
import com.microenv.cli.config.Names;
import com.microenv.cli.config.ProjectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code --project-id} of the commands that work on a project: falls back to {@code $MICROENV_PROJECT_ID}, then {@code .microenv.yaml}. */
final class ProjectOption {

    @Option(names = "--project-id", paramLabel = "PROJECT_ID",
            description = "The project's id (default: $" + EnvironmentTarget.PROJECT_ENV + ", then .microenv.yaml).")
    String projectId;

    /** The project id, checked; missing or malformed is a usage error. */
    String resolve(CommandLine command, CliContext context) {
        return resolve(command, context, projectId);
    }

    static String resolve(CommandLine command, CliContext context, String flag) {
        String project = flag != null ? flag : context.envValue(EnvironmentTarget.PROJECT_ENV);
        if (project == null) {
            Optional<ProjectConfig.Found> found = ProjectConfig.find(context.workingDirectory());
            if (found.isPresent()) {
                project = found.get().config().project();
            }
        }
        if (project == null) {
            throw new CommandLine.ParameterException(command, "missing --project-id (or $" + EnvironmentTarget.PROJECT_ENV
                    + ", or run 'microenv setup' to write .microenv.yaml here)");
        }
        String checked = project;
        Names.projectIdProblem(checked).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
        return checked;
    }
}
