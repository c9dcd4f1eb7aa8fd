package com.microenv.cli.commands;

import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.config.Names;
import com.microenv.cli.config.ProjectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv setup}: writes {@code .microenv.yaml} so that commands in this directory need no flags. */
@Command(name = "setup",
        description = {
                "Write .microenv.yaml in the current directory with the project and environment that commands run "
                        + "here (and below) use when --project-id / --environment are not given. It holds no secret "
                        + "and may be committed."})
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--project-id", required = true, paramLabel = "PROJECT_ID", description = "The project's id.")
    String projectId;

    @Option(names = "--environment", required = true, paramLabel = "ENVIRONMENT",
            description = "The environment to use by default, e.g. development.")
    String environment;

    @Option(names = "--force", description = "Replace an existing .microenv.yaml.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        Names.projectIdProblem(projectId).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
        Names.environmentNameProblem(environment).ifPresent(problem -> {
            throw new CommandLine.ParameterException(command, problem);
        });
        MicroenvCommand root = MicroenvCommand.of(spec);
        Path directory = root.context().workingDirectory();
        if (Files.exists(directory.resolve(ProjectConfig.FILE_NAME)) && !force) {
            throw new CliException(ExitCodes.CONFLICT, directory.resolve(ProjectConfig.FILE_NAME)
                    + " already exists; add --force to replace it");
        }
        Path file = new ProjectConfig(projectId, environment).write(directory);
        if (root.json()) {
            Output.json(command.getOut(), Map.of("file", file.toString(), "project", projectId, "environment", environment));
        } else {
            command.getOut().println("Wrote " + file + ": project " + projectId + ", environment " + environment + ".");
        }
        return ExitCodes.OK;
    }
}
