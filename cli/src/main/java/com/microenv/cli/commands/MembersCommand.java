package com.microenv.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.MicroenvApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code microenv members …} (auth-service: {@code /v1/projects/{p}/members}). */
@Command(name = "members", description = "List a project's members and invitations; add, remove, change roles (admin).")
final class MembersCommand implements Callable<Integer> {

    static final Set<String> ROLES = Set.of("owner", "admin", "developer", "viewer");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_:.@-]{0,319}");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static String role(ApiCommand command, String role) {
        String lower = role.toLowerCase(Locale.ROOT);
        if (!ROLES.contains(lower)) {
            throw command.usage("--role must be one of owner, admin, developer, viewer");
        }
        return lower;
    }

    /** A member named by user id or email: the member (or invitation) as {@code members list} shows it. */
    static JsonNode find(ApiCommand command, MicroenvApi api, String project, String user) {
        if (!USER_ID.matcher(user).matches()) {
            throw command.usage("name the member by the user id or email that 'members list' shows");
        }
        JsonNode members = ApiCommand.array(api.getJson(MicroenvApi.projectPath(project) + "/members"), "members");
        for (JsonNode member : members) {
            if (user.equals(ApiCommand.text(member, "userId")) || user.equalsIgnoreCase(ApiCommand.text(member, "email"))) {
                return member;
            }
        }
        throw new CliException(ExitCodes.NOT_FOUND, "no member or invitation " + user + " in project " + project);
    }

    /** {@code members list}. */
    @Command(name = "list", description = "List members and pending invitations with their roles (GET …/members).")
    static final class List extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            JsonNode members = connect().api().getJson(MicroenvApi.projectPath(p) + "/members");
            return print(members, () -> table(ApiCommand.array(members, "members"),
                    java.util.List.of("USER ID", "EMAIL", "NAME", "ROLE", "STATUS", "SINCE"),
                    m -> Arrays.asList(text(m, "userId"), text(m, "email"), text(m, "name"), text(m, "role"),
                            text(m, "status"), text(m, "since"))));
        }
    }

    /** {@code members add EMAIL --role ROLE}. */
    @Command(name = "add", description = "Add a person by email with a role (POST …/members; needs admin): active at "
            + "once for a known user, else invited until they sign in.")
    static final class Add extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "owner, admin, developer or viewer.")
        String role;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            String checkedRole = role(this, role);
            if (!email.contains("@") || email.length() > 320 || email.chars().anyMatch(Character::isWhitespace)) {
                throw usage("not an email address: " + email.replaceAll("\\p{Cntrl}", "?"));
            }
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("email", email);
            body.put("role", checkedRole);
            JsonNode member = connect().api().postJson(MicroenvApi.projectPath(p) + "/members", body);
            return print(member, () -> out().println(email + ": " + text(member, "status") + " as " + text(member, "role")));
        }
    }

    /** {@code members remove USER}. */
    @Command(name = "remove", description = "Remove a member, or cancel an invitation (DELETE …/members/{userId} or "
            + "…/invitations/{email}; needs admin, or yourself).")
    static final class Remove extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "USER", description = "User id or email, as 'members list' shows.")
        String user;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            MicroenvApi api = connect().api();
            JsonNode member = find(this, api, p, user);
            String userId = text(member, "userId");
            if (userId == null) {
                api.deleteJson(MicroenvApi.projectPath(p) + "/invitations/" + MicroenvApi.segment(text(member, "email")));
            } else {
                api.deleteJson(MicroenvApi.projectPath(p) + "/members/" + MicroenvApi.segment(userId));
            }
            String what = userId == null ? "invitation cancelled" : "removed";
            if (json()) {
                Output.json(out(), Map.of("removed", member));
                return ExitCodes.OK;
            }
            out().println(user + ": " + what);
            return ExitCodes.OK;
        }
    }

    /** {@code members set-role USER --role ROLE}. */
    @Command(name = "set-role", description = "Change a member's role (PATCH …/members/{userId}; needs admin; only an owner grants or removes owner).")
    static final class SetRole extends ApiCommand {

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "USER", description = "User id or email, as 'members list' shows.")
        String user;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "owner, admin, developer or viewer.")
        String role;

        @Override
        public Integer call() {
            String p = project.resolve(command(), context());
            String checkedRole = role(this, role);
            MicroenvApi api = connect().api();
            String userId = user.contains("@") ? text(find(this, api, p, user), "userId") : user;
            if (userId == null) {
                throw new CliException(ExitCodes.CONFLICT, user + " has not accepted the invitation yet; remove it and add them again with the new role");
            }
            JsonNode member = api.patchJson(MicroenvApi.projectPath(p) + "/members/" + MicroenvApi.segment(userId),
                    Map.of("role", checkedRole));
            return print(member, () -> out().println(user + ": " + text(member, "role")));
        }
    }
}
