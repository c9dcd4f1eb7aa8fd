package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.api.MicroenvApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Arrays;

/** {@code microenv variables list}: names and metadata, never values ({@code GET …/variables?names_only=true}). */
@Command(name = "list", description = "List the variables' names, versions and notes, without values "
        + "(GET …/variables?names_only=true; not audited as a read of secrets).")
final class VariablesListCommand extends ApiCommand {

    @Mixin
    EnvironmentTarget target;

    @Override
    public Integer call() {
        EnvironmentTarget.Target where = target.resolve(command(), context());
        JsonNode answer = connect().api().getJson(
                MicroenvApi.environmentPath(where.projectId(), where.environment()) + "/variables?names_only=true");
        return print(answer, () -> table(ApiCommand.array(answer, "variables"),
                java.util.List.of("NAME", "VERSION", "UPDATED", "BY", "NOTE"),
                v -> Arrays.asList(text(v, "name"), text(v, "version"), text(v, "updatedAt"), text(v, "updatedBy"),
                        text(v, "note"))));
    }
}
