package com.microenv.cli;

/**
 * The exit codes of {@code microenv}, a contract for scripts (documented in docs/cli.md). {@code microenv run} exits
 * with its command's code once the command started; these codes are for failures before that.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** Any other failure: the API refused the request (400, 422, 500…), or the configuration is unusable. */
    public static final int ERROR = 1;
    /** The command line is wrong (unknown option, missing argument, invalid name), or input is needed but stdin is no terminal. */
    public static final int USAGE = 2;
    /** No credential, a malformed or expired one, the API answered 401, or a login was denied or expired. */
    public static final int AUTH = 3;
    /** The API could not be reached (refused, timed out, TLS failure) or answered 502/503/504. */
    public static final int UNAVAILABLE = 4;
    /** The credential is valid but may not do this (HTTP 403). */
    public static final int PERMISSION = 5;
    /** The project, environment or variable does not exist (HTTP 404), or a local file named on the command line. */
    public static final int NOT_FOUND = 6;
    /** The change conflicts with the current state (HTTP 409, 412). */
    public static final int CONFLICT = 7;

    private ExitCodes() {
    }

    /** The exit code for an error status of the API. */
    public static int forStatus(int status) {
        return switch (status) {
            case 401 -> AUTH;
            case 403 -> PERMISSION;
            case 404, 410 -> NOT_FOUND;
            case 409, 412 -> CONFLICT;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> ERROR;
        };
    }
}
