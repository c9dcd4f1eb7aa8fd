package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code microenv whoami}: which credential the CLI uses, and whom the API says it belongs to. */
@Command(name = "whoami",
        description = "Show the API URL, the credential in use (masked) and the identity the API sees (GET /v1/me).")
final class WhoamiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        Session session = MicroenvCommand.of(spec).connect(command);
        PrintWriter out = command.getOut();
        out.println("api: " + session.apiUrl().url());
        out.println("credential: " + session.credential().credential() + " (from " + session.credential().source() + ")");
        JsonNode me = session.api().me();
        // /v1/me belongs to auth-service; print whatever it describes rather than depend on its exact fields.
        for (Map.Entry<String, JsonNode> field : fields(me)) {
            out.println(field.getKey() + ": " + text(field.getValue()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        if (node.isObject()) {
            fields.addAll(node.properties());
        }
        return fields;
    }

    private static String text(JsonNode value) {
        if (value.isValueNode()) {
            return value.isNull() ? "-" : value.asText();
        }
        if (value.isArray() && isFlat(value)) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(", ", items);
        }
        return value.toString();
    }

    private static boolean isFlat(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isValueNode()) {
                return false;
            }
        }
        return true;
    }
}
