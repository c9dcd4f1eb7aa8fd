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
        subcommands = {VariablesCommand.class, WhoamiCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  MICROENV_TOKEN    API key (menv_sk_…) or CLI token (menv_ct_…)",
                "  MICROENV_API_URL  API URL when --api-url is not given",
                "",
                "Exit codes: 0 ok, 1 API or configuration error, 2 usage error,",
                "3 missing or rejected credential, 4 API unreachable. See docs/cli.md."})
public final class MicroenvCommand implements Callable<Integer> {

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "MicroENV API base URL (default: $MICROENV_API_URL, then apiUrl in the config file, then "
                    + CliSettings.DEFAULT_API_URL + ").")
    String apiUrl;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print each HTTP request and the stack trace of errors to stderr (credentials stay masked).")
    boolean debug;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    public MicroenvCommand(CliContext context) {
        this.context = context;
    }

    /** The command line with MicroENV's error handling: one {@code error:} line, exit codes per {@link ExitCodes}. */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        MicroenvCommand root = new MicroenvCommand(context);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(MicroenvCommand::handleParameterException);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> root.handleExecutionException(e, failed));
        return commandLine;
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
        MicroenvApi api = new MicroenvApi(url, credential.credential(), "microenv-cli/" + VersionProvider.version(), this::debug);
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
