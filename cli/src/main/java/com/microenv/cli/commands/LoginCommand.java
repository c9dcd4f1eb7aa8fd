package com.microenv.cli.commands;

import com.microenv.cli.CliContext;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.DeviceAuthorization;
import com.microenv.cli.api.DeviceTokenAnswer;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.ApiUrl;
import com.microenv.cli.config.Credential;
import com.microenv.cli.config.CredentialStore;
import com.microenv.cli.config.InvalidCredentialException;
import com.microenv.cli.config.StoredCredential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code microenv login}: the OAuth 2.0 device authorization grant (RFC 8628) against auth-service. The CLI shows a URL
 * and a code, the user approves in any browser (this machine's, or another when this one is a server over SSH), and
 * the CLI, polling politely, stores the CLI token it gets for this API URL. Nothing listens on this machine.
 */
@Command(name = "login",
        description = {
                "Log in through your browser (device flow): prints a URL and a code to approve there, waits, and "
                        + "stores the CLI token for this API URL in the credentials file (0600).",
                "Works over SSH: open the URL on any device. Never asks for input.",
                "In CI or Kubernetes: --oidc-token-file FILE --trust TRUST_ID trades the workload's identity token "
                        + "for a short-lived workload token (menv_wt_…), stored the same way."})
final class LoginCommand implements Callable<Integer> {

    /** RFC 8628 §3.5: the default interval, and how much slow_down adds. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(15);
    private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,6})([smhd])");
    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    @Option(names = "--no-browser", description = "Do not try to open a browser; only print the URL and the code.")
    boolean noBrowser;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Name of this device, shown when approving and in 'tokens list' (default: the host name).")
    String name;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "Lifetime to ask for the CLI token, e.g. 8h, 7d (default and maximum: the server's, 30 days by default).")
    String ttl;

    @Option(names = "--oidc-token-file", paramLabel = "FILE",
            description = "Log in as a workload (CI job, pod) instead: trade the identity token (JWT) in FILE at the "
                    + "OIDC trust --trust for a short-lived workload token (default: $" + OIDC_TOKEN_FILE_ENV + ").")
    Path oidcTokenFile;

    @Option(names = "--trust", paramLabel = "TRUST_ID",
            description = "The OIDC trust (trust_…) to present the identity token to (default: $" + OIDC_TRUST_ENV + ").")
    String trust;

    @Spec
    CommandSpec spec;

    static final String OIDC_TOKEN_FILE_ENV = "MICROENV_OIDC_TOKEN_FILE";
    static final String OIDC_TRUST_ENV = "MICROENV_OIDC_TRUST";
    private static final Pattern TRUST_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** An outside JWT: three base64url parts; a projected Kubernetes token is about 1 KB, 64 KiB is plenty. */
    private static final int MAX_IDENTITY_TOKEN = 64 * 1024;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        CliContext context = root.context();
        Path tokenFile = oidcTokenFile != null ? oidcTokenFile
                : context.envValue(OIDC_TOKEN_FILE_ENV) == null ? null : Path.of(context.envValue(OIDC_TOKEN_FILE_ENV));
        String trustId = trust != null ? trust : context.envValue(OIDC_TRUST_ENV);
        if (tokenFile != null || trust != null || oidcTokenFile != null) {
            return oidcLogin(command, root, context, tokenFile, trustId);
        }
        Long ttlSeconds = ttl == null ? null : parseTtl(command, ttl).toSeconds();
        String clientName = name != null ? name.strip() : defaultName(context);
        if (clientName.isEmpty() || clientName.length() > 100) {
            throw new CommandLine.ParameterException(command, "--name must have 1 to 100 characters");
        }
        ApiUrl url = root.apiUrl(command);
        if (context.envValue("MICROENV_TOKEN") != null) {
            root.warn("MICROENV_TOKEN is set and wins over the token stored by login; unset it to use the new login");
        }
        MicroenvApi api = root.anonymousApi(url);
        DeviceAuthorization authorization = api.startDeviceAuthorization(clientName, ttlSeconds);

        PrintWriter err = command.getErr();
        String complete = authorization.verificationUriComplete();
        err.println("To log in to " + url.url() + " as " + clientName + ", open");
        err.println();
        err.println("    " + (complete != null ? complete : authorization.verificationUri()));
        err.println();
        err.println("and check that it shows the code  " + authorization.userCode());
        if (complete != null) {
            err.println("(or open " + authorization.verificationUri() + " and enter the code).");
        }
        if (!noBrowser && context.browser().open(URI.create(complete != null ? complete : authorization.verificationUri()))) {
            err.println("Opened your browser.");
        }
        err.flush();

        DeviceTokenAnswer answer = poll(context, api, authorization, err);
        Credential token;
        try {
            token = Credential.parse(answer.token());
        } catch (InvalidCredentialException e) {
            throw new CliException(ExitCodes.ERROR, "the API sent a token the CLI cannot use: " + e.getMessage());
        }
        if (token.kind() != Credential.Kind.CLI_TOKEN) {
            throw new CliException(ExitCodes.ERROR, "the API sent an " + token.kind().label() + " instead of a CLI token");
        }
        CredentialStore store = root.settings().credentialStore();
        try {
            store.save(url.url(), new StoredCredential(token.secret(), answer.tokenId(), null, answer.expiresAt()));
        } catch (CredentialStore.CredentialStoreException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage(), e);
        }
        if (root.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("apiUrl", url.url());
            result.put("clientName", clientName);
            result.put("tokenId", answer.tokenId());
            result.put("expiresAt", answer.expiresAt());
            result.put("credentialsFile", store.file().toString());
            Output.json(command.getOut(), result);
        } else {
            command.getOut().println("Logged in to " + url.url() + " (device \"" + clientName + "\"); the CLI token "
                    + token.masked() + (answer.expiresAt() == null ? "" : " expires at " + answer.expiresAt())
                    + " and is stored in " + store.file());
        }
        return ExitCodes.OK;
    }

    /**
     * {@code login --oidc-token-file FILE --trust ID}: {@code POST /v1/auth/oidc/login} {@code {"trustId","token"}} with
     * the identity token a CI system or Kubernetes gave this workload; stores the {@code menv_wt_} token it gets like a
     * CLI token, so later commands use it until it expires (minutes: the trust decides). Never interactive.
     */
    private int oidcLogin(CommandLine command, MicroenvCommand root, CliContext context, Path tokenFile, String trustId) {
        if (tokenFile == null) {
            throw new CommandLine.ParameterException(command, "--trust needs --oidc-token-file FILE (or $" + OIDC_TOKEN_FILE_ENV + ")");
        }
        if (trustId == null) {
            throw new CommandLine.ParameterException(command, "--oidc-token-file needs --trust TRUST_ID (or $" + OIDC_TRUST_ENV + ")");
        }
        if (!TRUST_ID.matcher(trustId).matches()) {
            throw new CommandLine.ParameterException(command, "--trust must be a trust id such as trust_…");
        }
        if (ttl != null || name != null || noBrowser) {
            throw new CommandLine.ParameterException(command,
                    "--ttl, --name and --no-browser are for the browser login; the trust decides a workload token's lifetime");
        }
        Path file = context.workingDirectory().resolve(tokenFile);
        String identityToken;
        try {
            if (Files.size(file) > MAX_IDENTITY_TOKEN) {
                throw new CommandLine.ParameterException(command, file + " is larger than 64 KiB: not an identity token");
            }
            identityToken = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "no identity token file " + file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (identityToken.isEmpty()) {
            throw new CliException(ExitCodes.AUTH, file + " is empty: the CI system or Kubernetes has not written the identity token");
        }
        ApiUrl url = root.apiUrl(command);
        if (context.envValue("MICROENV_TOKEN") != null) {
            root.warn("MICROENV_TOKEN is set and wins over the token stored by login; unset it to use the workload token");
        }
        JsonNode answer = root.anonymousApi(url).oidcLogin(trustId, identityToken);
        JsonNode accessToken = answer.get("access_token");
        Credential token;
        try {
            token = Credential.parse(accessToken == null ? null : accessToken.asText());
        } catch (InvalidCredentialException e) {
            throw new CliException(ExitCodes.ERROR, "the API sent a token the CLI cannot use: " + e.getMessage());
        }
        if (token.kind() != Credential.Kind.WORKLOAD_TOKEN) {
            throw new CliException(ExitCodes.ERROR, "the API sent an " + token.kind().label() + " instead of a workload token");
        }
        JsonNode expiresIn = answer.get("expires_in");
        String expiresAt = expiresIn == null || !expiresIn.canConvertToLong() ? null
                : context.clock().instant().plusSeconds(expiresIn.asLong()).toString();
        String tokenId = answer.hasNonNull("token_id") ? answer.get("token_id").asText() : null;
        CredentialStore store = root.settings().credentialStore();
        try {
            store.save(url.url(), new StoredCredential(token.secret(), tokenId, "workload of " + trustId, expiresAt));
        } catch (CredentialStore.CredentialStoreException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage(), e);
        }
        if (root.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("apiUrl", url.url());
            result.put("trustId", trustId);
            result.put("tokenId", tokenId);
            result.put("expiresAt", expiresAt);
            result.put("projectId", answer.hasNonNull("project_id") ? answer.get("project_id").asText() : null);
            result.put("permissions", answer.get("permissions"));
            result.put("environments", answer.get("environments"));
            result.put("credentialsFile", store.file().toString());
            Output.json(command.getOut(), result);
        } else {
            command.getOut().println("Logged in to " + url.url() + " through trust " + trustId + "; the workload token "
                    + token.masked() + (expiresAt == null ? "" : " expires at " + expiresAt) + " and is stored in " + store.file());
        }
        return ExitCodes.OK;
    }

    /** Polls every {@code interval} (growing by 5 s at each slow_down) until approved, denied or expired. */
    private static DeviceTokenAnswer poll(CliContext context, MicroenvApi api, DeviceAuthorization authorization, PrintWriter err)
            throws InterruptedException {
        Duration interval = authorization.interval() == null || authorization.interval() < 1
                ? DEFAULT_INTERVAL : Duration.ofSeconds(authorization.interval());
        Duration lifetime = authorization.expiresIn() == null || authorization.expiresIn() < 1
                ? DEFAULT_EXPIRY : Duration.ofSeconds(authorization.expiresIn());
        Instant deadline = context.clock().instant().plus(lifetime);
        boolean spinner = context.decorations();
        if (!spinner) {
            err.println("Waiting for approval (the code expires in " + describe(lifetime) + ")...");
            err.flush();
        }
        Thread animation = spinner ? spin(err) : null;
        try {
            while (true) {
                context.sleeper().sleep(interval);
                DeviceTokenAnswer answer;
                try {
                    answer = api.pollDeviceToken(authorization.deviceCode());
                } catch (CliException e) {
                    if (e.exitCode() == ExitCodes.UNAVAILABLE && context.clock().instant().isBefore(deadline)) {
                        // A blip of the network is no reason to start over: RFC 8628 says keep polling.
                        interval = interval.plus(SLOW_DOWN_STEP);
                        continue;
                    }
                    throw e;
                }
                if (answer.error() == null) {
                    return answer;
                }
                switch (answer.error()) {
                    case "authorization_pending" -> { }
                    case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
                    case "access_denied" -> throw new CliException(ExitCodes.AUTH, "the login was denied in the browser");
                    case "expired_token" -> throw new CliException(ExitCodes.AUTH,
                            "the code expired before it was approved; run 'microenv login' again");
                    case "invalid_grant" -> throw new CliException(ExitCodes.AUTH,
                            "the API no longer knows this login (used or unknown code); run 'microenv login' again");
                    default -> throw new CliException(ExitCodes.AUTH, "the login failed: " + oneLine(answer.error()));
                }
                if (!context.clock().instant().isBefore(deadline)) {
                    throw new CliException(ExitCodes.AUTH, "the code expired before it was approved; run 'microenv login' again");
                }
            }
        } finally {
            if (animation != null) {
                animation.interrupt();
                animation.join(1000);
                synchronized (err) {
                    err.print("\r\033[K");
                    err.flush();
                }
            }
        }
    }

    /** A spinner on the terminal, ten frames a second, until interrupted. */
    private static Thread spin(PrintWriter err) {
        Thread thread = new Thread(() -> {
            int frame = 0;
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (err) {
                    err.print("\r" + SPINNER[frame++ % SPINNER.length] + " Waiting for approval in the browser...");
                    err.flush();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "spinner");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** {@code 90s}, {@code 45m}, {@code 8h}, {@code 7d}. */
    static Duration parseTtl(CommandLine command, String text) {
        return parseDuration(command, "--ttl", text);
    }

    /** A positive duration as {@code 90s}, {@code 45m}, {@code 8h}, {@code 7d}; else a usage error naming {@code option}. */
    static Duration parseDuration(CommandLine command, String option, String text) {
        Matcher matcher = TTL.matcher(text.strip());
        if (!matcher.matches()) {
            throw new CommandLine.ParameterException(command, option + " must be a number and a unit s, m, h or d, e.g. 8h or 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    static String defaultName(CliContext context) {
        String host = context.envValue("HOSTNAME");
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown host";
            }
        }
        String user = context.envValue("USER");
        return "microenv CLI on " + (user == null ? "" : user + "@") + host;
    }

    private static String describe(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 1 ? minutes + " min" : duration.toSeconds() + " s";
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
