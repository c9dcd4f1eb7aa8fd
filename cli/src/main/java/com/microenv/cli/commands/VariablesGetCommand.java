package com.microenv.cli.commands;

import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.VariableResponse;
import com.microenv.cli.config.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code microenv variables get}: prints an environment's variables, or one variable's value. */
@Command(name = "get",
        description = {
                "Print the variables of an environment in one of the API's download formats, or with NAME the bare "
                        + "value of that one variable.",
                "Every read is recorded in the project's audit log."})
final class VariablesGetCommand implements Callable<Integer> {

    @Mixin
    EnvironmentTarget target;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json, env, yaml or docker (default: env). Not with NAME.")
    OutputFormat format;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Print only the value of this variable.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        EnvironmentTarget.Target where = target.resolve(command, root.context());
        if (name != null) {
            Names.variableNameProblem(name).ifPresent(problem -> {
                throw new CommandLine.ParameterException(command, problem);
            });
            if (format != null) {
                throw new CommandLine.ParameterException(command,
                        "--format applies to all variables; with NAME the bare value is printed");
            }
        }
        Session session = root.connect(command);
        PrintWriter out = command.getOut();
        if (name == null) {
            OutputFormat chosen = format != null ? format : root.json() ? OutputFormat.JSON : OutputFormat.ENV;
            String body = session.api().export(where.projectId(), where.environment(), chosen.parameter());
            out.print(body);
            if (!body.isEmpty() && !body.endsWith("\n")) {
                out.println();
            }
        } else {
            VariableResponse variable = session.api().variable(where.projectId(), where.environment(), name);
            if (root.json()) {
                Output.json(out, variable);
                return ExitCodes.OK;
            }
            // Exactly the value when it goes to a file or a pipe; a newline only for a person reading it.
            out.print(variable.value() == null ? "" : variable.value());
            if (root.context().interactive()) {
                out.println();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
