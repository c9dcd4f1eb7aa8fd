package com.microenv.cli.commands;

import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.config.PrivateFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code microenv variables download}: an environment's variables in a download format, to a 0600 file or stdout. */
@Command(name = "download",
        description = "Download all variables of an environment in one of the API's formats, to --output FILE "
                + "(written atomically with mode 0600, so no other user can read it) or to standard output.")
final class VariablesDownloadCommand implements Callable<Integer> {

    @Mixin
    EnvironmentTarget target;

    @Option(names = "--format", paramLabel = "FORMAT", description = "env (default), json, yaml or docker.")
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        EnvironmentTarget.Target where = target.resolve(command, root.context());
        Session session = root.connect(command);
        String body = session.api().export(where.projectId(), where.environment(),
                (format == null ? OutputFormat.ENV : format).parameter());
        if (!body.isEmpty() && !body.endsWith("\n")) {
            body = body + "\n";
        }
        if (output == null) {
            command.getOut().print(body);
            command.getOut().flush();
            return ExitCodes.OK;
        }
        Path file = root.context().workingDirectory().resolve(output);
        try {
            PrivateFiles.writeAtomically(file, body.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "cannot write " + file + ": its folder does not exist");
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
        command.getErr().println("Wrote " + file + " (mode 0600).");
        return ExitCodes.OK;
    }
}
