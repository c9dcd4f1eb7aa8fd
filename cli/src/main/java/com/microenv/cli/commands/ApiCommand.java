package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.CliContext;
import com.microenv.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** What the resource commands ({@code projects}, {@code environments}, {@code members}, {@code api-keys}, {@code audit}) share. */
@picocli.CommandLine.Command
abstract class ApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    MicroenvCommand root() {
        return MicroenvCommand.of(spec);
    }

    CommandLine command() {
        return spec.commandLine();
    }

    CliContext context() {
        return root().context();
    }

    PrintWriter out() {
        return command().getOut();
    }

    boolean json() {
        return root().json();
    }

    Session connect() {
        return root().connect(command());
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command(), message);
    }

    /** {@code --json}: the API's answer as it came; else what {@code human} prints. Always exit 0. */
    int print(JsonNode answer, Runnable human) {
        if (json()) {
            Output.json(out(), answer);
        } else {
            human.run();
            out().flush();
        }
        return ExitCodes.OK;
    }

    /** A table of {@code items} (a JSON array), one row each, columns picked by {@code row}. */
    void table(JsonNode items, List<String> header, Function<JsonNode, List<String>> row) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode item : items) {
            rows.add(row.apply(item));
        }
        Output.table(out(), header, rows);
    }

    /** {@code field: value} lines of an object's scalar (and flat array) fields. */
    void fields(JsonNode object) {
        object.properties().forEach(field -> out().println(field.getKey() + ": " + flat(field.getValue())));
    }

    /** A field as text; null (printed as {@code -}) when absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : flat(value);
    }

    /** Scalars as their text, arrays of scalars joined with commas, anything else as JSON. */
    static String flat(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    return value.toString();
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        return value.toString();
    }

    /** The array of an answer that is an array, or holds one under {@code field} (tolerates either shape). */
    static JsonNode array(JsonNode answer, String field) {
        if (answer.isArray()) {
            return answer;
        }
        JsonNode inner = answer.get(field);
        return inner != null && inner.isArray() ? inner : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
}
