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

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code microenv api-keys …} (auth-service: {@code /v1/projects/{p}/api-keys}). */
@Command(name = "api-keys", description = "Create, list, revoke and rotate a project's API keys (for CI and servers).")
final class ApiKeysCommand implements Callable<Integer> {

    static final Set<String> PERMISSIONS = Set.of("read", "write", "admin");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f:.]{2,45}/[0-9]{1,3}");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static String keyId(ApiCommand command, String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw command.usage("invalid key id: use the id that 'api-keys list' shows (key_…)");
        }
        return id;
    }

    /**
     * The key of a create or rotate answer, alone on stdout (so {@code KEY=$(microenv api-keys create …)} works), and
     * on stderr the warning that it is shown this once. With {@code --json} the whole answer goes to stdout.
     */
    static int printNewKey(ApiCommand command, JsonNode created, String more) {
        PrintWriter err = command.command().getErr();
        if (command.json()) {
            Output.json(command.out(), created);
        } else {
            command.out().println(ApiCommand.text(created, "key"));
            command.out().flush();
        }
        err.println("warning: this is the only time the key of " + ApiCommand.text(created, "id") + " (\""
                + ApiCommand.text(created, "name") + "\", " + ApiCommand.text(created, "permissions") + " on "
                + ApiCommand.text(created, "environments") + ") is shown: store it in a secret store now; it cannot be shown again."
                + (more == null ? "" : " " + more));
        err.flush();
        return ExitCodes.OK;
    }

    /** {@code api-keys create}. */
    @Command(name = "create", description = {"Create an API key (POST …/api-keys). Prints the key once, alone on "
            + "stdout, and a warning on stderr; keep it in your CI system's secret store.",
            "Its permissions and environments cannot exceed yours."})
    static final class Create extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the key is for, e.g. ci (1 to 100 characters).")
        String name;

        @Option(names = "--permissions", split = ",", paramLabel = "PERMISSION",
                description = "read, write, admin (comma-separated; default: read).")
        java.util.List<String> permissions;

        @Option(names = "--environments", split = ",", paramLabel = "ENVIRONMENT",
                description = "Environment names, or * for all (comma-separated; default: *).")
        java.util.List<String> environments;

        @Option(names = "--expires", paramLabel = "WHEN",
                description = "Expiry: a duration from now (90d, 12h) or a date-time (2026-12-31T00:00:00Z) or date (2026-12-31). Default: never.")
        String expires;

        @Option(names = "--cidr", split = ",", paramLabel = "CIDR",
                description = "Only accept requests from these networks, e.g. 10.0.0.0/8 (repeatable or comma-separated).")
        java.util.List<String> cidrs;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            String trimmed = name.strip();
            if (trimmed.isEmpty() || trimmed.length() > 100) {
                throw usage("--name must have 1 to 100 characters");
            }
            Set<String> perms = new LinkedHashSet<>(permissions == null ? java.util.List.of("read") : permissions);
            for (String permission : perms) {
                if (!PERMISSIONS.contains(permission)) {
                    throw usage("--permissions must be read, write and/or admin, comma-separated");
                }
            }
            Set<String> envs = new LinkedHashSet<>(environments == null ? java.util.List.of("*") : environments);
            for (String environment : envs) {
                if (!environment.equals("*")) {
                    Names.environmentNameProblem(environment).ifPresent(problem -> {
                        throw usage(problem);
                    });
                }
            }
            java.util.List<String> networks = new ArrayList<>();
            if (cidrs != null) {
                for (String cidr : cidrs) {
                    if (!CIDR.matcher(cidr.strip()).matches()) {
                        throw usage("--cidr must be a network such as 10.0.0.0/8 or 2001:db8::/32");
                    }
                    networks.add(cidr.strip());
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", trimmed);
            body.put("permissions", new ArrayList<>(perms));
            body.put("environments", new ArrayList<>(envs));
            if (expires != null) {
                body.put("expiresAt", expiry(this, expires).toString());
            }
            if (!networks.isEmpty()) {
                body.put("allowedCidrs", networks);
            }
            JsonNode created = connect().api().postJson(MicroenvApi.projectPath(p) + "/api-keys", body);
            return printNewKey(this, created, null);
        }
    }

    /** {@code 90d} from now, or an instant, or a date (its midnight UTC). */
    static Instant expiry(ApiCommand command, String text) {
        String value = text.strip();
        if (value.matches("[1-9][0-9]{0,6}[smhd]")) {
            return command.context().clock().instant().plus(LoginCommand.parseDuration(command.command(), "--expires", value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // a date, perhaps
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw command.usage("--expires must be a duration (90d, 12h) or a date-time such as 2026-12-31T00:00:00Z");
        }
    }

    /** {@code api-keys list}. */
    @Command(name = "list", description = "List the project's API keys, never the keys themselves (GET …/api-keys).")
    static final class List extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            JsonNode keys = connect().api().getJson(MicroenvApi.projectPath(p) + "/api-keys");
            return print(keys, () -> table(ApiCommand.array(keys, "keys"),
                    java.util.List.of("ID", "NAME", "KEY", "PERMISSIONS", "ENVIRONMENTS", "STATUS", "EXPIRES", "LAST USED"),
                    k -> Arrays.asList(text(k, "id"), text(k, "name"),
                            (text(k, "prefix") == null ? "" : text(k, "prefix")) + "…" + (text(k, "suffix") == null ? "" : text(k, "suffix")),
                            text(k, "permissions"), text(k, "environments"), text(k, "status"), text(k, "expiresAt"),
                            text(k, "lastUsedAt"))));
        }
    }

    /** {@code api-keys revoke ID...}. */
    @Command(name = "revoke", description = "Revoke API keys at once (DELETE …/api-keys/{id}; the creator or admin).")
    static final class Revoke extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Key ids, as 'api-keys list' shows them.")
        java.util.List<String> ids;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            ids.forEach(id -> keyId(this, id));
            Session session = connect();
            java.util.List<JsonNode> revoked = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                revoked.add(session.api().deleteJson(MicroenvApi.projectPath(p) + "/api-keys/" + MicroenvApi.segment(id)));
                if (!json()) {
                    out().println(id + ": revoked");
                    out().flush();
                }
            }
            if (json()) {
                Output.json(out(), revoked);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code api-keys rotate ID [--grace DURATION]}. */
    @Command(name = "rotate", description = {"Replace an API key by a new one with the same scope (POST …/api-keys/{id}/rotate). "
            + "Prints the new key once, alone on stdout, and a warning on stderr.",
            "--grace keeps the old key working for a while (at most 24h), so deployments can switch over."})
    static final class Rotate extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id, as 'api-keys list' shows it.")
        String id;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "0s",
                description = "How long the old key keeps working, e.g. 1h (0s to 24h; default: 0s, it stops at once).")
        String grace;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            keyId(this, id);
            Duration period = grace.strip().matches("0+[smhd]?") ? Duration.ZERO : LoginCommand.parseDuration(command(), "--grace", grace);
            if (period.compareTo(Duration.ofHours(24)) > 0) {
                throw usage("--grace must be at most 24h");
            }
            JsonNode rotated = connect().api().postJson(MicroenvApi.projectPath(p) + "/api-keys/" + MicroenvApi.segment(id)
                    + "/rotate", Map.of("gracePeriodSeconds", period.toSeconds()));
            JsonNode old = rotated.get("rotatedFrom");
            String until = old == null ? null : text(old, "rotatedOutAt");
            return printNewKey(this, rotated, period.isZero() || until == null
                    ? "The old key " + id + " no longer works."
                    : "The old key " + id + " keeps working until " + until + ".");
        }
    }
}
