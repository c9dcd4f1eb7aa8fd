package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Arrays;

/** {@code microenv variables history NAME}: a variable's versions, newest first, without values. */
@Command(name = "history", description = "List a variable's versions, newest first, without values: who changed it, "
        + "when, how (GET …/variables/{NAME}/versions).")
final class VariablesHistoryCommand extends ApiCommand {

    @Mixin
    EnvironmentTarget target;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        EnvironmentTarget.Target where = target.resolve(command(), context());
        Names.variableNameProblem(name).ifPresent(problem -> {
            throw usage(problem);
        });
        JsonNode answer = connect().api().getJson(MicroenvApi.environmentPath(where.projectId(), where.environment())
                + "/variables/" + MicroenvApi.segment(name) + "/versions");
        return print(answer, () -> table(ApiCommand.array(answer, "versions"),
                java.util.List.of("VERSION", "CHANGE", "CREATED", "BY", "NOTE", "CURRENT"),
                v -> Arrays.asList(text(v, "version"),
                        text(v, "change") + (text(v, "restoredFrom") == null ? "" : " (from " + text(v, "restoredFrom") + ")"),
                        text(v, "createdAt"), text(v, "createdBy"), text(v, "note"),
                        "true".equals(text(v, "current")) ? "*" : "")));
    }
}
