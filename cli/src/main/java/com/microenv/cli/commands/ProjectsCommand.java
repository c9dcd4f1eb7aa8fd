package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.MicroenvApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv projects list|create|get} (auth-service: {@code /v1/projects}). */
@Command(name = "projects", description = "List, create and show your projects.")
final class ProjectsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code projects list}: {@code GET /v1/projects}. */
    @Command(name = "list", description = "List the projects you are a member of, with your role (GET /v1/projects).")
    static final class List extends ApiCommand {

        @Override
        public Integer call() {
            JsonNode projects = connect().api().getJson("/v1/projects");
            return print(projects, () -> table(ApiCommand.array(projects, "projects"),
                    java.util.List.of("ID", "NAME", "ROLE", "CREATED"),
                    p -> Arrays.asList(text(p, "id"), text(p, "name"), text(p, "role"), text(p, "createdAt"))));
        }
    }

    /** {@code projects create NAME}: {@code POST /v1/projects}. */
    @Command(name = "create", description = {"Create a project; you become its owner (POST /v1/projects). Prints its id.",
            "Its environments development, staging and production exist from the start."})
    static final class Create extends ApiCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The project's name (1 to 100 characters).")
        String name;

        @Override
        public Integer call() {
            String trimmed = name.strip();
            if (trimmed.isEmpty() || trimmed.length() > 100) {
                throw usage("the project name must have 1 to 100 characters");
            }
            JsonNode project = connect().api().postJson("/v1/projects", Map.of("name", trimmed));
            return print(project, () -> {
                out().println(text(project, "id"));
                command().getErr().println("Created project \"" + trimmed + "\"; use it here with: microenv setup --project-id "
                        + text(project, "id") + " --environment development");
            });
        }
    }

    /** {@code projects get [ID]}: {@code GET /v1/projects/{p}}. */
    @Command(name = "get", description = "Show a project (GET /v1/projects/{id}); default: the project of $MICROENV_PROJECT_ID or .microenv.yaml.")
    static final class Get extends ApiCommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ID", description = "The project's id.")
        String projectId;

        @Override
        public Integer call() {
            String project = ProjectOption.resolve(command(), context(), projectId);
            JsonNode answer = connect().api().getJson(MicroenvApi.projectPath(project));
            return print(answer, () -> fields(answer));
        }
    }
}
