package com.microenv.cli.commands;

import com.microenv.cli.CliContext;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.crypto.FallbackFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv run -- COMMAND}: runs a command with an environment's variables in its environment. */
@Command(name = "run",
        description = {
                "Run COMMAND with the environment's variables added to its environment (they win over variables of "
                        + "the same name already set). Standard input, output and error are the command's; SIGINT, "
                        + "SIGTERM and SIGHUP are passed on to it; microenv exits with its exit code.",
                "Put -- before COMMAND when it has options of its own: microenv run -- npm start --port 3000"})
final class RunCommand implements Callable<Integer> {

    @Mixin
    EnvironmentTarget target;

    @Option(names = "--fallback", paramLabel = "FILE",
            description = "Keep an encrypted copy of the variables in FILE (key derived from the credential, never "
                    + "stored), and use it when the API is unreachable.")
    Path fallback;

    @Option(names = "--fallback-only",
            description = "Do not contact the API: use the copy in --fallback FILE (air-gapped runs).")
    boolean fallbackOnly;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        EnvironmentTarget.Target where = target.resolve(commandLine, root.context());
        if (fallbackOnly && fallback == null) {
            throw new CommandLine.ParameterException(commandLine, "--fallback-only needs --fallback FILE");
        }
        Session session = root.connect(commandLine);
        Map<String, String> variables = variables(root, session, where);
        return launch(root.context(), variables);
    }

    private Map<String, String> variables(MicroenvCommand root, Session session, EnvironmentTarget.Target where) {
        String credential = session.credential().credential().secret();
        if (fallbackOnly) {
            return fromFallback(root, credential, where, "--fallback-only");
        }
        Map<String, String> variables;
        try {
            variables = session.api().variables(where.projectId(), where.environment());
        } catch (CliException e) {
            // Only when the API cannot answer: a refusal (401, 403, 404) must not be overridden by an old copy.
            if (fallback != null && e.exitCode() == ExitCodes.UNAVAILABLE) {
                return fromFallback(root, credential, where, e.getMessage());
            }
            throw e;
        }
        if (fallback != null) {
            FallbackFile.write(fallback, credential, new FallbackFile.Contents(where.projectId(), where.environment(),
                    root.context().clock().instant(), variables));
        }
        return variables;
    }

    private Map<String, String> fromFallback(MicroenvCommand root, String credential, EnvironmentTarget.Target where,
                                             String reason) {
        FallbackFile.Contents contents = FallbackFile.read(fallback, credential);
        if (!where.projectId().equals(contents.projectId()) || !where.environment().equals(contents.environment())) {
            throw new CliException(ExitCodes.ERROR, "the fallback file " + fallback + " holds project "
                    + contents.projectId() + ", environment " + contents.environment() + ", not " + where.projectId()
                    + ", " + where.environment());
        }
        root.warn((fallbackOnly ? "--fallback-only: " : reason + "; ") + "using the fallback copy " + fallback
                + " saved at " + contents.savedAt() + " (" + contents.variables().size() + " variables)");
        return contents.variables();
    }

    private int launch(CliContext context, Map<String, String> variables) {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().directory(context.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(context.env());
        builder.environment().putAll(variables);
        java.util.concurrent.atomic.AtomicReference<Process> child = new java.util.concurrent.atomic.AtomicReference<>();
        // Handlers first, then the child: a signal that comes the moment the child starts must not kill the JVM.
        try (AutoCloseable forwarding = context.signals().forwardTo(child)) {
            try {
                child.set(builder.start());
            } catch (IOException e) {
                // As a shell says it: 127 not found, 126 found but not runnable.
                boolean notFound = e.getMessage() != null && e.getMessage().contains("error=2,");
                throw new CliException(notFound ? 127 : 126, "cannot run " + command.get(0) + ": "
                        + (notFound ? "command not found" : "not executable"));
            }
            return waitFor(child.get());
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException(ExitCodes.ERROR, "lost track of " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static int waitFor(Process child) {
        while (true) {
            try {
                // The JDK reports a command ended by a signal as 128 + its number, as shells do.
                return child.waitFor();
            } catch (InterruptedException e) {
                // Keep waiting: the child decides when it is done; signals reach it through forwardTo.
                Thread.interrupted();
            }
        }
    }
}
