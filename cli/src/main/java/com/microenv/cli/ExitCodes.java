package com.microenv.cli;

/** The exit codes of {@code microenv}, a contract for scripts (documented in docs/cli.md). */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The API refused or failed the request, or the configuration is unusable. */
    public static final int ERROR = 1;
    /** The command line is wrong (unknown option, missing argument, invalid name). */
    public static final int USAGE = 2;
    /** No credential, a malformed or expired one, or the API answered 401. */
    public static final int AUTH = 3;
    /** The API could not be reached (refused, timed out, TLS failure). */
    public static final int NETWORK = 4;

    private ExitCodes() {
    }
}
