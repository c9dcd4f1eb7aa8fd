package com.microenv.cli.commands;

import com.microenv.cli.ExitCodes;
import com.microenv.cli.config.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv variables delete NAME...}: deletes variables, one request each. */
@Command(name = "delete", description = "Delete variables of an environment, one request each, in the order given; "
        + "stops at the first refusal (a missing variable is exit 6).")
final class VariablesDeleteCommand implements Callable<Integer> {

    @Mixin
    EnvironmentTarget target;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The variables to delete.")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        EnvironmentTarget.Target where = target.resolve(command, root.context());
        for (String name : names) {
            Names.variableNameProblem(name).ifPresent(problem -> {
                throw new CommandLine.ParameterException(command, problem);
            });
        }
        Session session = root.connect(command);
        List<String> deleted = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            session.api().deleteVariable(where.projectId(), where.environment(), name);
            deleted.add(name);
            if (!root.json()) {
                command.getOut().println(name + ": deleted");
                command.getOut().flush();
            }
        }
        if (root.json()) {
            Output.json(command.getOut(), Map.of("deleted", deleted));
        }
        return ExitCodes.OK;
    }
}
