package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        MicroenvCommand root = MicroenvCommand.of(spec);
        Session session = root.connect(command);
        PrintWriter out = command.getOut();
        JsonNode me;
        try {
            me = session.api().me();
        } catch (com.microenv.cli.api.ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            // An auth-service without GET /v1/me yet: what the CLI knows locally is still worth showing.
            root.warn("the API has no GET /v1/me; showing only what the CLI knows");
            me = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        String expiresAt = session.credential().expiresAt();
        if (root.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("api", session.apiUrl().url());
            result.put("credential", session.credential().credential().masked());
            result.put("kind", session.credential().credential().kind().name().toLowerCase(java.util.Locale.ROOT));
            result.put("source", session.credential().source());
            result.put("expiresAt", expiresAt);
            result.put("me", me);
            Output.json(out, result);
            return ExitCodes.OK;
        }
        out.println("api: " + session.apiUrl().url());
        out.println("credential: " + session.credential().credential() + " (from " + session.credential().source() + ")");
        if (expiresAt != null) {
            out.println("expires: " + expiresAt + " (" + remaining(root, expiresAt) + ")");
        }
        // /v1/me belongs to auth-service; print whatever it describes rather than depend on its exact fields.
        for (Map.Entry<String, JsonNode> field : fields(me)) {
            out.println(field.getKey() + ": " + text(field.getValue()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String remaining(MicroenvCommand root, String expiresAt) {
        try {
            java.time.Duration left = java.time.Duration.between(root.context().clock().instant(), java.time.Instant.parse(expiresAt));
            if (left.isNegative()) {
                return "expired";
            }
            return left.toDays() >= 1 ? "in " + left.toDays() + " days" : left.toHours() >= 1 ? "in " + left.toHours() + " hours"
                    : "in " + Math.max(1, left.toMinutes()) + " minutes";
        } catch (java.time.DateTimeException e) {
            return "unreadable";
        }
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
