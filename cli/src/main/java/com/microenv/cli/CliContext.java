package com.microenv.cli;

import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a run of the CLI takes from its process: environment variables, standard input, the terminal (null when
 * input or output is redirected), and the clock. Tests pass their own instead of the real ones.
 */
public record CliContext(Map<String, String> env, InputStream stdin, Terminal terminal, Clock clock) {

    /** The user's terminal, when the CLI runs in one. */
    @FunctionalInterface
    public interface Terminal {

        /** Asks for a secret without echoing it; null when the input ended. */
        String readSecret(String prompt);
    }

    public CliContext {
        env = Map.copyOf(env);
    }

    /** The real process: {@code System.getenv()}, {@code System.in}, the console if any, the system clock. */
    public static CliContext system() {
        Console console = System.console();
        Terminal terminal = console == null ? null : prompt -> {
            char[] secret = console.readPassword("%s", prompt);
            return secret == null ? null : new String(secret);
        };
        return new CliContext(System.getenv(), System.in, terminal, Clock.systemUTC());
    }

    /** True when standard input and output are a terminal (a person is typing and reading). */
    public boolean interactive() {
        return terminal != null;
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
}
