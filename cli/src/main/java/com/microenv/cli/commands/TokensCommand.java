package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code microenv tokens}: the CLI sessions (device-flow tokens) of the logged-in user. */
@Command(name = "tokens",
        description = "List and revoke your CLI tokens (one per 'microenv login'). Needs a CLI token or user credential.",
        subcommands = {TokensCommand.List.class, TokensCommand.Revoke.class, TokensCommand.RevokeAll.class})
final class TokensCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code tokens list}. */
    @Command(name = "list", description = "List your CLI tokens: id, device name, created, last used, expiry (GET /v1/auth/cli-tokens).")
    static final class List implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MicroenvCommand root = MicroenvCommand.of(spec);
            JsonNode tokens = root.connect(spec.commandLine()).api().cliTokens();
            if (tokens.has("tokens")) {
                tokens = tokens.get("tokens");
            }
            if (root.json()) {
                Output.json(spec.commandLine().getOut(), tokens);
                return ExitCodes.OK;
            }
            java.util.List<java.util.List<String>> rows = new ArrayList<>();
            for (JsonNode token : tokens) {
                rows.add(java.util.Arrays.asList(text(token, "id"), text(token, "clientName"), text(token, "createdAt"),
                        text(token, "lastUsedAt"),
                        text(token, "lastClientIp") != null ? text(token, "lastClientIp") : text(token, "lastIp"),
                        text(token, "expiresAt") + (token.path("current").asBoolean(false) ? " (this one)" : "")));
            }
            Output.table(spec.commandLine().getOut(), java.util.List.of("ID", "DEVICE", "CREATED", "LAST USED", "LAST IP", "EXPIRES"), rows);
            return ExitCodes.OK;
        }
    }

    /** {@code tokens revoke ID...}. */
    @Command(name = "revoke", description = "Revoke CLI tokens by id (DELETE /v1/auth/cli-tokens/{id}).")
    static final class Revoke implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Token ids, as 'tokens list' shows them.")
        java.util.List<String> ids;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            for (String id : ids) {
                if (!ID.matcher(id).matches()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "invalid token id: use the id that 'tokens list' shows");
                }
            }
            MicroenvCommand root = MicroenvCommand.of(spec);
            Session session = root.connect(spec.commandLine());
            java.util.List<String> revoked = new ArrayList<>();
            for (String id : ids) {
                session.api().revokeCliToken(id);
                revoked.add(id);
                if (!root.json()) {
                    spec.commandLine().getOut().println(id + ": revoked");
                }
            }
            if (root.json()) {
                Output.json(spec.commandLine().getOut(), Map.of("revoked", revoked));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tokens revoke-all}. */
    @Command(name = "revoke-all", description = "Revoke every CLI token of yours, on every device, this one included "
            + "(DELETE /v1/auth/cli-tokens). Log in again afterwards.")
    static final class RevokeAll implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MicroenvCommand root = MicroenvCommand.of(spec);
            root.connect(spec.commandLine()).api().revokeAllCliTokens();
            spec.commandLine().getOut().println("Revoked all your CLI tokens; run 'microenv login' to start a new session.");
            return ExitCodes.OK;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
