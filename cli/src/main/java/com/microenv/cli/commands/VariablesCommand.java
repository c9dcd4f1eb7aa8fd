package com.microenv.cli.commands;

import com.microenv.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code microenv variables}: the group of variable commands (added by {@link MicroenvCommand}). */
@Command(name = "variables",
        description = "Read and write the variables of a project's environment.")
final class VariablesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
