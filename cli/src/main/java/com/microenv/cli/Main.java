package com.microenv.cli;

import com.microenv.cli.commands.MicroenvCommand;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of the {@code microenv} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale says: variable values must come out byte for byte.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int exitCode = run(args, CliContext.system(), out, err);
        System.exit(exitCode);
    }

    /** Runs one command line and returns its exit code; everything it prints goes to {@code out} and {@code err}. */
    public static int run(String[] args, CliContext context, PrintWriter out, PrintWriter err) {
        try {
            return MicroenvCommand.commandLine(context, out, err, args).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
