package com.microenv.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code microenv} in-process with a chosen environment, stdin and terminal, and captures what it prints. */
public final class CliRunner {

    public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private CliContext.Terminal terminal;
    private Path workingDirectory = Path.of("");
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<URI> opened = new CopyOnWriteArrayList<>();
    private boolean browser;
    private int interruptAfterSleeps = -1;

    /** A runner whose config folder is {@code configHome/microenv} and which has no token unless given one. */
    public CliRunner(Path configHome) {
        env.put("XDG_CONFIG_HOME", configHome.toString());
        env.put("HOME", configHome.toString());
    }

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    public CliRunner terminal(CliContext.Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    /** The directory the CLI runs in (for .microenv.yaml and relative files). */
    public CliRunner in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    /** Pretends a browser exists: opening a URL succeeds and is recorded in {@link #opened()}. */
    public CliRunner withBrowser() {
        this.browser = true;
        return this;
    }

    /** The {@code n}th wait is interrupted, as Ctrl-C does to {@code audit list --follow}. */
    public CliRunner interruptAfterSleeps(int n) {
        this.interruptAfterSleeps = n;
        return this;
    }

    /** The waits the CLI asked for; none was actually waited. */
    public List<Duration> sleeps() {
        return sleeps;
    }

    public List<URI> opened() {
        return opened;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                terminal, Clock.fixed(NOW, ZoneOffset.UTC), workingDirectory, duration -> {
                    sleeps.add(duration);
                    if (sleeps.size() == interruptAfterSleeps) {
                        throw new InterruptedException("Ctrl-C");
                    }
                },
                uri -> {
                    if (browser) {
                        opened.add(uri);
                    }
                    return browser;
                }, child -> () -> { });
        int exitCode = Main.run(args, context, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What one run did. */
    public record Result(int exitCode, String out, String err) {

        /** Everything printed, for checks that something appears nowhere. */
        public String all() {
            return out + err;
        }
    }
}
