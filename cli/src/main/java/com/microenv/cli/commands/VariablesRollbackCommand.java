package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code microenv variables rollback NAME --version N}: a new version with version N's value. */
@Command(name = "rollback", description = "Restore an earlier version of a variable as a new version "
        + "(POST …/variables/{NAME}/rollback; needs write). The value is never printed.")
final class VariablesRollbackCommand extends ApiCommand {

    @Mixin
    EnvironmentTarget target;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    // --version is this command's own option here, so picocli leaves out the standard -h/-V mixin: --help comes back.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", required = true, paramLabel = "N", description = "The version to restore ('variables history NAME' lists them).")
    long version;

    @Override
    public Integer call() {
        EnvironmentTarget.Target where = target.resolve(command(), context());
        Names.variableNameProblem(name).ifPresent(problem -> {
            throw usage(problem);
        });
        if (version < 1) {
            throw usage("--version must be a positive whole number");
        }
        JsonNode answer = connect().api().postJson(MicroenvApi.environmentPath(where.projectId(), where.environment())
                + "/variables/" + MicroenvApi.segment(name) + "/rollback", Map.of("version", version));
        return print(answer, () -> out().println(name + ": rolled back to version " + version + ", now version "
                + text(answer, "version")));
    }
}
