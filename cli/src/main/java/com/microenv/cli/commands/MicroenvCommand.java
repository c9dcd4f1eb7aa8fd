package com.microenv.cli.commands;

import com.microenv.cli.CliContext;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.ApiUrl;
import com.microenv.cli.config.CliSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Callable;

/**
 * {@code microenv}: the root command, holder of the options every subcommand accepts. Its scope is inherited, so every
 * subcommand also gets {@code --help}, {@code --version} and the footer.
 */
@Command(name = "microenv",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reads and writes MicroENV environment variables and secrets.",
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  MICROENV_TOKEN    API key (menv_sk_…), CLI token (menv_ct_…) or workload token (menv_wt_…)",
                "  MICROENV_OIDC_TOKEN_FILE, MICROENV_OIDC_TRUST  'login' as a workload (CI, Kubernetes)",
                "  MICROENV_API_URL  API URL when --api-url is not given",
                "  MICROENV_PROJECT_ID, MICROENV_ENVIRONMENT  defaults for --project-id, --environment",
                "  NO_COLOR          no spinner or colours",
                "",
                "Exit codes: 0 ok, 1 other error, 2 usage, 3 authentication, 4 API unavailable,",
                "5 permission denied, 6 not found, 7 conflict; run: the command's own. See docs/cli.md."})
public final class MicroenvCommand implements Callable<Integer> {

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "MicroENV API base URL (default: $MICROENV_API_URL, then apiUrl in the config file, then "
                    + CliSettings.DEFAULT_API_URL + ").")
    String apiUrl;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print each HTTP request and the stack trace of errors to stderr (credentials stay masked).")
    boolean debug;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the result as JSON for scripts, instead of text for people.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    public MicroenvCommand(CliContext context) {
        this.context = context;
    }

    /**
     * The subcommands, made on demand: picocli builds a command's model by reflection when it is added, so a run adds
     * only the command it runs (a third of the start-up time of {@code variables get} otherwise).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();
    /** The subcommands of each group command ({@code variables get}, {@code projects list}…), also made on demand. */
    private static final Map<String, Map<String, Supplier<Object>>> GROUPS = new LinkedHashMap<>();

    static {
        COMMANDS.put("login", LoginCommand::new);
        COMMANDS.put("logout", LogoutCommand::new);
        COMMANDS.put("whoami", WhoamiCommand::new);
        COMMANDS.put("setup", SetupCommand::new);
        COMMANDS.put("variables", VariablesCommand::new);
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("projects", ProjectsCommand::new);
        COMMANDS.put("environments", EnvironmentsCommand::new);
        COMMANDS.put("members", MembersCommand::new);
        COMMANDS.put("api-keys", ApiKeysCommand::new);
        COMMANDS.put("tokens", TokensCommand::new);
        COMMANDS.put("audit", AuditCommand::new);
        COMMANDS.put("completion", CompletionCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
        Map<String, Supplier<Object>> variables = group("variables");
        variables.put("get", VariablesGetCommand::new);
        variables.put("set", VariablesSetCommand::new);
        variables.put("delete", VariablesDeleteCommand::new);
        variables.put("list", VariablesListCommand::new);
        variables.put("history", VariablesHistoryCommand::new);
        variables.put("rollback", VariablesRollbackCommand::new);
        variables.put("download", VariablesDownloadCommand::new);
        variables.put("upload", VariablesUploadCommand::new);
        Map<String, Supplier<Object>> projects = group("projects");
        projects.put("list", ProjectsCommand.List::new);
        projects.put("create", ProjectsCommand.Create::new);
        projects.put("get", ProjectsCommand.Get::new);
        Map<String, Supplier<Object>> environments = group("environments");
        environments.put("list", EnvironmentsCommand.List::new);
        environments.put("create", EnvironmentsCommand.Create::new);
        environments.put("rename", EnvironmentsCommand.Rename::new);
        environments.put("protect", EnvironmentsCommand.Protect::new);
        environments.put("unprotect", EnvironmentsCommand.Unprotect::new);
        environments.put("delete", EnvironmentsCommand.Delete::new);
        Map<String, Supplier<Object>> members = group("members");
        members.put("list", MembersCommand.List::new);
        members.put("add", MembersCommand.Add::new);
        members.put("remove", MembersCommand.Remove::new);
        members.put("set-role", MembersCommand.SetRole::new);
        Map<String, Supplier<Object>> keys = group("api-keys");
        keys.put("create", ApiKeysCommand.Create::new);
        keys.put("list", ApiKeysCommand.List::new);
        keys.put("revoke", ApiKeysCommand.Revoke::new);
        keys.put("rotate", ApiKeysCommand.Rotate::new);
        Map<String, Supplier<Object>> audit = group("audit");
        audit.put("list", AuditCommand.List::new);
    }

    private static Map<String, Supplier<Object>> group(String name) {
        return GROUPS.computeIfAbsent(name, ignored -> new LinkedHashMap<>());
    }

    /** The whole command tree with MicroENV's error handling: one {@code error:} line, exit codes per {@link ExitCodes}. */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        return commandLine(context, out, err, null);
    }

    /**
     * The command tree for {@code args}: only the subcommand they name when they name one (null: all of them).
     * Help, completion and unknown names get the whole tree, so usage and suggestions list everything.
     */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err, String[] args) {
        MicroenvCommand root = new MicroenvCommand(context);
        CommandLine commandLine = new CommandLine(root);
        String first = args == null ? null : positional(args, 0);
        boolean one = first != null && COMMANDS.containsKey(first) && !first.equals("help") && !first.equals("completion");
        for (Map.Entry<String, Supplier<Object>> command : COMMANDS.entrySet()) {
            if (one && !command.getKey().equals(first)) {
                continue;
            }
            CommandLine sub = new CommandLine(command.getValue().get());
            Map<String, Supplier<Object>> group = GROUPS.get(command.getKey());
            if (group != null) {
                String second = one ? positional(args, indexAfter(args, first)) : null;
                boolean oneOfGroup = second != null && group.containsKey(second);
                group.forEach((name, make) -> {
                    if (!oneOfGroup || name.equals(second)) {
                        sub.addSubcommand(name, make.get());
                    }
                });
            }
            commandLine.addSubcommand(command.getKey(), sub);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(MicroenvCommand::handleParameterException);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> root.handleExecutionException(e, failed));
        // Everything after COMMAND is COMMAND's: microenv run npm test --watch
        CommandLine run = commandLine.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        return commandLine;
    }

    /** The first argument from {@code from} on that is neither an option nor the value of {@code --api-url}. */
    private static String positional(String[] args, int from) {
        for (int i = from; i >= 0 && i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return null;
            }
            if (arg.equals("--api-url")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static int indexAfter(String[] args, String value) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(value)) {
                return i + 1;
            }
        }
        return -1;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The root command of whatever command {@code spec} belongs to. */
    static MicroenvCommand of(CommandSpec spec) {
        return (MicroenvCommand) spec.root().userObject();
    }

    CliContext context() {
        return context;
    }

    boolean json() {
        return json;
    }

    String userAgent() {
        return "microenv-cli/" + VersionProvider.version();
    }

    /** A client that presents no credential: for the device flow of {@code login}. */
    MicroenvApi anonymousApi(ApiUrl url) {
        debug("API " + url.url() + " (from " + url.source() + "), no credential");
        return new MicroenvApi(url, null, userAgent(), this::debug);
    }

    CliSettings settings() {
        return new CliSettings(context);
    }

    /** The API URL, with a bad {@code --api-url} reported as a usage error of {@code command}. */
    ApiUrl apiUrl(CommandLine command) {
        if (apiUrl != null) {
            try {
                return ApiUrl.parse(apiUrl, "--api-url");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(command, e.getMessage());
            }
        }
        return settings().apiUrl(null);
    }

    /** A client for the API, after resolving URL and credential; fails with exit code 3 when there is no credential. */
    Session connect(CommandLine command) {
        ApiUrl url = apiUrl(command);
        CliSettings.ResolvedCredential credential = settings().credential(url, this::warn);
        debug("API " + url.url() + " (from " + url.source() + "), " + credential.credential()
                + " (from " + credential.source() + ")");
        if (url.isPlainHttpToRemoteHost()) {
            warn("sending the credential over unencrypted HTTP to " + url.uri().getHost() + "; use https://");
        }
        MicroenvApi api = new MicroenvApi(url, credential.credential(), userAgent(), this::debug);
        return new Session(url, credential, api);
    }

    void warn(String line) {
        spec.commandLine().getErr().println("warning: " + line);
    }

    void debug(String line) {
        if (debug) {
            spec.commandLine().getErr().println("debug: " + line);
        }
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private int handleExecutionException(Exception e, CommandLine failed) {
        PrintWriter err = failed.getErr();
        if (e instanceof CliException cliException) {
            err.println("error: " + cliException.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return cliException.exitCode();
        }
        // A bug, not a user error: its message could quote anything (even a value), so show it only with --debug.
        err.println("error: unexpected " + e.getClass().getSimpleName()
                + (debug ? "" : "; run again with --debug for details"));
        if (debug) {
            e.printStackTrace(err);
        }
        return ExitCodes.ERROR;
    }
}
