package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv environments …} (secrets-service: {@code /v1/projects/{p}/environments}). */
@Command(name = "environments", description = "List, create, rename, protect and delete a project's environments.")
final class EnvironmentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The environment name of a command line, checked before anything is sent. */
    static String checked(ApiCommand command, String name) {
        Names.environmentNameProblem(name).ifPresent(problem -> {
            throw command.usage(problem);
        });
        return name;
    }

    /** {@code environments list}. */
    @Command(name = "list", description = "List the environments your credential may see (GET …/environments).")
    static final class List extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            JsonNode environments = connect().api().getJson(MicroenvApi.projectPath(p) + "/environments");
            return print(environments, () -> table(ApiCommand.array(environments, "environments"),
                    java.util.List.of("NAME", "PROTECTED", "CREATED"),
                    e -> Arrays.asList(text(e, "name"), "true".equals(text(e, "protected")) ? "yes" : "no", text(e, "createdAt"))));
        }
    }

    /** {@code environments create NAME [--protected]}. */
    @Command(name = "create", description = "Create an environment (POST …/environments; needs admin). A protected "
            + "environment's variables can only be changed with admin.")
    static final class Create extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "NAME", description = "^[a-z0-9][a-z0-9_-]{0,63}$, e.g. qa")
        String name;

        @Option(names = "--protected", description = "Protect it from the start.")
        boolean isProtected;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", checked(this, name));
            body.put("protected", isProtected);
            JsonNode created = connect().api().postJson(MicroenvApi.projectPath(p) + "/environments", body);
            return print(created, () -> out().println(name + ": created" + (isProtected ? " (protected)" : "")));
        }
    }

    /** {@code environments rename OLD NEW}. */
    @Command(name = "rename", description = "Rename an environment, keeping its variables and history (PATCH …/environments/{name}; needs admin).")
    static final class Rename extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "NEW_NAME")
        String newName;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            checked(this, name);
            checked(this, newName);
            JsonNode updated = connect().api().patchJson(MicroenvApi.environmentPath(p, name), Map.of("name", newName));
            return print(updated, () -> out().println(name + ": renamed to " + newName));
        }
    }

    /** {@code environments protect NAME} and {@code unprotect NAME}. */
    @Command
    abstract static class Protection extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        abstract boolean protect();

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            checked(this, name);
            JsonNode updated = connect().api().patchJson(MicroenvApi.environmentPath(p, name), Map.of("protected", protect()));
            return print(updated, () -> out().println(name + ": " + (protect() ? "protected" : "unprotected")));
        }
    }

    @Command(name = "protect", description = "Protect an environment: changing its variables then needs admin (PATCH; needs admin).")
    static final class Protect extends Protection {
        @Override
        boolean protect() {
            return true;
        }
    }

    @Command(name = "unprotect", description = "Remove an environment's protection (PATCH; needs admin).")
    static final class Unprotect extends Protection {
        @Override
        boolean protect() {
            return false;
        }
    }

    /** {@code environments delete NAME --yes}. */
    @Command(name = "delete", description = "Delete an environment with all its variables and their history "
            + "(DELETE …/environments/{name}; needs admin). Cannot be undone, hence --yes.")
    static final class Delete extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--yes", description = "Confirm the deletion (required: microenv never asks).")
        boolean yes;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            checked(this, name);
            if (!yes) {
                throw usage("deleting environment " + name + " destroys all its variables and their history; "
                        + "add --yes to confirm");
            }
            JsonNode answer = connect().api().deleteJson(MicroenvApi.environmentPath(p, name));
            if (json()) {
                Output.json(out(), Map.of("deleted", name));
                return ExitCodes.OK;
            }
            return print(answer, () -> out().println(name + ": deleted"));
        }
    }
}
