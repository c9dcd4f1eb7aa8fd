package com.microenv.cli;

/**
 * A failure the user can act on: its message is printed as one {@code error:} line and the process exits
 * with {@link #exitCode()}. Messages never contain a credential or a variable value.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
