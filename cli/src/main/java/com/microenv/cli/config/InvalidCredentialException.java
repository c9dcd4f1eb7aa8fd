package com.microenv.cli.config;

/** A string that is not a well-formed API key or CLI token; the message says why, never what it was. */
public class InvalidCredentialException extends IllegalArgumentException {

    public InvalidCredentialException(String reason) {
        super(reason);
    }
}
