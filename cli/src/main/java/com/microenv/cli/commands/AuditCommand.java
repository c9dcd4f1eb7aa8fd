package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.SignalForwarding;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code microenv audit list} (audit-service: {@code GET /v1/projects/{p}/audit-events}). */
@Command(name = "audit", description = "Read a project's audit trail (needs admin).")
final class AuditCommand implements Callable<Integer> {

    static final int PAGE_MAX = 200;
    private static final int SEEN_MAX = 10_000;
    private static final int FOLLOW_PAGES_MAX = 10;
    private static final Set<String> OUTCOMES = Set.of("success", "denied", "failure");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code audit list}. */
    @Command(name = "list", description = {"List a project's audit events, newest first (GET …/audit-events; needs admin).",
            "--follow prints the latest events oldest first, then each new one as it arrives, until Ctrl-C."})
    static final class List extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only events at or after WHEN: a duration ago (30m, 24h, 7d) or a date-time (2026-12-01T00:00:00Z).")
        String since;

        @Option(names = "--until", paramLabel = "WHEN", description = "Only events before WHEN (same forms as --since).")
        String until;

        @Option(names = "--actor", paramLabel = "ACTOR", description = "Only events of this actor: a user id or an API key id (key_…).")
        String actor;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type: com.microenv.variable.read.v1, or the short action variable.read.")
        String type;

        @Option(names = "--environment", paramLabel = "ENVIRONMENT", description = "Only events concerning this environment.")
        String environment;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only events with this outcome: success, denied or failure.")
        String outcome;

        @Option(names = "--request-id", paramLabel = "ID", description = "Only the events of one request (the X-Request-Id an error showed).")
        String requestId;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "How many events at most (1 to 1000; default 50).")
        int limit;

        @Option(names = "--follow", description = "Keep polling for new events (every --interval) until Ctrl-C.")
        boolean follow;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", description = "How often --follow asks (default 2s).")
        String interval;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            Map<String, String> filters = filters();
            if (limit < 1 || limit > 1000) {
                throw usage("--limit must be from 1 to 1000");
            }
            if (follow && until != null) {
                throw usage("--follow and --until do not go together");
            }
            Duration every = LoginCommand.parseDuration(command(), "--interval", interval);
            Session session = connect();
            String path = MicroenvApi.projectPath(p) + "/audit-events";
            Page first = fetch(session.api(), path, filters, limit, null);
            if (!follow) {
                if (json()) {
                    ObjectNode answer = JsonNodeFactory.instance.objectNode();
                    answer.set("events", JsonNodeFactory.instance.arrayNode().addAll(first.events()));
                    answer.put("nextCursor", first.nextCursor());
                    Output.json(out(), answer);
                } else {
                    table(first.events());
                }
                return ExitCodes.OK;
            }
            return follow(session.api(), path, filters, first.events(), every);
        }

        private int follow(MicroenvApi api, String path, Map<String, String> filters, java.util.List<JsonNode> latest, Duration every) {
            Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > SEEN_MAX;
                }
            });
            java.util.List<JsonNode> oldestFirst = new ArrayList<>(latest);
            Collections.reverse(oldestFirst);
            boolean header = true;
            emit(oldestFirst, seen, header);
            header = oldestFirst.isEmpty();
            boolean warned = false;
            try (AutoCloseable signals = SignalForwarding.interruptOnSignal(Thread.currentThread())) {
                while (!Thread.currentThread().isInterrupted()) {
                    context().sleeper().sleep(every);
                    java.util.List<JsonNode> fresh;
                    try {
                        fresh = newSince(api, path, filters, seen);
                        warned = false;
                    } catch (CliException e) {
                        if (e.exitCode() != ExitCodes.UNAVAILABLE) {
                            throw e;
                        }
                        if (!warned) {
                            root().warn(e.getMessage() + "; still trying");
                            warned = true;
                        }
                        continue;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    emit(fresh, seen, header);
                    header = header && fresh.isEmpty();
                }
            } catch (InterruptedException e) {
                // Ctrl-C: a clean end.
            } catch (CliException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                Thread.interrupted();
                out().flush();
            }
            return ExitCodes.OK;
        }

        /** The events newer than every one in {@code seen}, oldest first: pages back until it meets a seen one. */
        private java.util.List<JsonNode> newSince(MicroenvApi api, String path, Map<String, String> filters, Set<String> seen) {
            java.util.List<JsonNode> fresh = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < FOLLOW_PAGES_MAX; page++) {
                Page answer = fetch(api, path, filters, PAGE_MAX, cursor);
                for (JsonNode event : answer.events()) {
                    if (seen.contains(text(event, "id"))) {
                        Collections.reverse(fresh);
                        return fresh;
                    }
                    fresh.add(event);
                }
                cursor = answer.nextCursor();
                if (cursor == null || seen.isEmpty()) {
                    break;
                }
            }
            Collections.reverse(fresh);
            return fresh;
        }

        private void emit(java.util.List<JsonNode> events, Set<String> seen, boolean header) {
            for (JsonNode event : events) {
                seen.add(text(event, "id"));
            }
            if (events.isEmpty()) {
                return;
            }
            if (json()) {
                events.forEach(event -> out().println(event.toString())); // one event per line (NDJSON)
            } else if (header) {
                table(events);
            } else {
                java.util.List<java.util.List<String>> rows = new ArrayList<>();
                events.forEach(event -> rows.add(row(event)));
                rows.forEach(row -> out().println(String.join("  ", row.stream().map(c -> c == null ? "-" : c).toList())));
            }
            out().flush();
        }

        private void table(java.util.List<JsonNode> events) {
            java.util.List<java.util.List<String>> rows = new ArrayList<>();
            events.forEach(event -> rows.add(row(event)));
            Output.table(out(), java.util.List.of("TIME", "ACTION", "ACTOR", "OUTCOME", "ENVIRONMENT", "REQUEST ID"), rows);
        }

        private static java.util.List<String> row(JsonNode event) {
            JsonNode data = event.path("data");
            String action = text(data, "action");
            if (action == null && text(event, "type") != null) {
                action = text(event, "type").replaceFirst("^com\\.microenv\\.", "").replaceFirst("\\.v[0-9]+$", "");
            }
            String actor = text(data, "actorName") != null ? text(data, "actorName") : text(data, "actor");
            return Arrays.asList(text(event, "time"), action, actor, text(data, "outcome"), text(data, "environment"),
                    text(data, "requestId"));
        }

        /** Up to {@code wanted} events, newest first, through as many pages as that takes. */
        private Page fetch(MicroenvApi api, String path, Map<String, String> filters, int wanted, String cursor) {
            java.util.List<JsonNode> events = new ArrayList<>();
            String next = cursor;
            do {
                Map<String, String> query = new LinkedHashMap<>(filters);
                query.put("limit", Integer.toString(Math.min(PAGE_MAX, wanted - events.size())));
                query.put("cursor", next);
                JsonNode page = api.getJson(path + MicroenvApi.query(query));
                ApiCommand.array(page, "events").forEach(events::add);
                next = text(page, "nextCursor");
            } while (next != null && events.size() < wanted);
            return new Page(events.size() > wanted ? events.subList(0, wanted) : events, next);
        }

        private Map<String, String> filters() {
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("from", since == null ? null : when("--since", since).toString());
            filters.put("to", until == null ? null : when("--until", until).toString());
            filters.put("actor", checkedText("--actor", actor));
            if (type != null) {
                String t = checkedText("--type", type);
                filters.put(t.startsWith("com.microenv.") ? "type" : "action", t);
            }
            if (environment != null) {
                Names.environmentNameProblem(environment).ifPresent(problem -> {
                    throw usage(problem);
                });
                filters.put("environment", environment);
            }
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                throw usage("--outcome must be success, denied or failure");
            }
            filters.put("outcome", outcome);
            filters.put("requestId", checkedText("--request-id", requestId));
            return filters;
        }

        private String checkedText(String option, String value) {
            if (value == null) {
                return null;
            }
            if (value.isBlank() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
                throw usage(option + " must be 1 to 256 printable characters");
            }
            return value;
        }

        private Instant when(String option, String value) {
            String text = value.strip();
            if (text.matches("[1-9][0-9]{0,6}[smhd]")) {
                return context().clock().instant().minus(LoginCommand.parseDuration(command(), option, text));
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw usage(option + " must be a duration ago (30m, 24h, 7d) or a date-time such as 2026-12-01T00:00:00Z");
            }
        }

        private record Page(java.util.List<JsonNode> events, String nextCursor) {
        }
    }
}
