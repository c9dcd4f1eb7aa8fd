package com.microenv.secrets.crypto;

/** A key or value could not be wrapped, unwrapped, sealed or opened. Its message never carries key material. */
public class CryptoException extends RuntimeException {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
