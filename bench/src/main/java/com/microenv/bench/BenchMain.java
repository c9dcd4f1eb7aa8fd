package com.microenv.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the bench driver: {@code java -cp … com.microenv.bench.BenchMain <command> [options]}.
 * Every command prints exactly one JSON object (its figures) on standard output, for bench/run to read
 * with jq; progress and warnings go to standard error.
 */
@Command(name = "bench-driver", mixinStandardHelpOptions = true,
        description = "MicroENV load driver: open-loop HTTP at fixed arrival rates, audit ingest, revocation latency.",
        subcommands = {OpenLoopCommand.class, AuditIngestCommand.class, RevocationCommand.class, JfrTopCommand.class})
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command in this JVM (tests call this) and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new BenchMain()).execute(args);
    }
}
