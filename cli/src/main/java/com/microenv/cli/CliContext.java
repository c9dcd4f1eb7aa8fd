package com.microenv.cli;

import java.io.Console;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What a run of the CLI takes from its process: environment variables, standard input, the terminal (null when
 * input or output is redirected), the clock, the working directory, how to wait and how to open a browser. Tests pass
 * their own instead of the real ones.
 */
public record CliContext(Map<String, String> env, InputStream stdin, Terminal terminal, Clock clock,
                         Path workingDirectory, Sleeper sleeper, Browser browser, Signals signals) {

    /** The user's terminal, when the CLI runs in one. */
    @FunctionalInterface
    public interface Terminal {

        /** Asks for a secret without echoing it; null when the input ended. */
        String readSecret(String prompt);
    }

    /** Waits between polls ({@code login}); tests record the waits instead of waiting. */
    @FunctionalInterface
    public interface Sleeper {

        void sleep(Duration duration) throws InterruptedException;
    }

    /** Opens a URL for the user, when this machine can show one. */
    @FunctionalInterface
    public interface Browser {

        /** True when a browser was started; false (never an exception) when there is none. */
        boolean open(URI uri);
    }

    /** Passes the signals the CLI receives on to a child process ({@code run}). */
    @FunctionalInterface
    public interface Signals {

        /**
         * Forwards SIGINT, SIGTERM and SIGHUP to the process in {@code child} until the returned handle is closed; set
         * {@code child} once started (a signal that comes first waits for it).
         */
        AutoCloseable forwardTo(java.util.concurrent.atomic.AtomicReference<Process> child);
    }

    public CliContext {
        env = Map.copyOf(env);
        workingDirectory = workingDirectory.toAbsolutePath();
    }

    /** A context with the current directory, real waits and no browser. */
    public CliContext(Map<String, String> env, InputStream stdin, Terminal terminal, Clock clock) {
        this(env, stdin, terminal, clock, Path.of(""), duration -> Thread.sleep(duration.toMillis()), uri -> false,
                child -> () -> { });
    }

    /** The real process: {@code System.getenv()}, {@code System.in}, the console if any, the system clock. */
    public static CliContext system() {
        Console console = System.console();
        Terminal terminal = console == null ? null : prompt -> {
            char[] secret = console.readPassword("%s", prompt);
            return secret == null ? null : new String(secret);
        };
        Map<String, String> env = System.getenv();
        return new CliContext(env, System.in, terminal, Clock.systemUTC(), Path.of(""),
                duration -> Thread.sleep(duration.toMillis()), new SystemBrowser(env), SignalForwarding::forwardTo);
    }

    /** True when standard input and output are a terminal (a person is typing and reading). */
    public boolean interactive() {
        return terminal != null;
    }

    /** True when spinners and colours are welcome: a terminal that is not dumb, and no {@code NO_COLOR}. */
    public boolean decorations() {
        return interactive() && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
    }

    /** An environment variable, or null when it is unset or blank. */
    public String envValue(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    // The environment holds MICROENV_TOKEN: never let it reach a log line.
    @Override
    public String toString() {
        return "CliContext[env=" + env.size() + " variables, interactive=" + interactive() + "]";
    }

    /** The user's home folder: {@code $HOME}, else the JVM's {@code user.home}. */
    public Path home() {
        String home = envValue("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    /**
     * {@code open} on macOS, else {@code xdg-open} when a display exists ({@code DISPLAY} or {@code WAYLAND_DISPLAY}).
     * Over SSH without X forwarding there is none, and the user opens the printed URL wherever they like.
     */
    static final class SystemBrowser implements Browser {

        private final Map<String, String> env;

        SystemBrowser(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public boolean open(URI uri) {
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            String opener;
            if (os.contains("mac")) {
                opener = "open";
            } else if (os.contains("linux") || os.contains("bsd")) {
                if (isBlank(env.get("DISPLAY")) && isBlank(env.get("WAYLAND_DISPLAY"))) {
                    return false;
                }
                opener = "xdg-open";
            } else {
                return false;
            }
            try {
                new ProcessBuilder(opener, uri.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                return true;
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }
}
