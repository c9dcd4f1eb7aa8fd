package com.microenv.secrets.service;

/**
 * A request the service refuses, with a reason the API maps to a problem response. The detail is shown to the
 * caller, so it names what is wrong but never carries a secret value.
 */
public class ServiceException extends RuntimeException {

    /** Why a request was refused. */
    public enum Reason {
        NOT_FOUND,
        FORBIDDEN,
        VALIDATION,
        UNREPRESENTABLE,
        PAYLOAD_TOO_LARGE,
        PRECONDITION_FAILED,
        CONFLICT,
        UNAVAILABLE
    }

    private final Reason reason;

    public ServiceException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }

    public static ServiceException notFound(String detail) {
        return new ServiceException(Reason.NOT_FOUND, detail);
    }

    public static ServiceException forbidden(String detail) {
        return new ServiceException(Reason.FORBIDDEN, detail);
    }

    public static ServiceException validation(String detail) {
        return new ServiceException(Reason.VALIDATION, detail);
    }

    public static ServiceException unrepresentable(String detail) {
        return new ServiceException(Reason.UNREPRESENTABLE, detail);
    }

    public static ServiceException payloadTooLarge(String detail) {
        return new ServiceException(Reason.PAYLOAD_TOO_LARGE, detail);
    }

    public static ServiceException preconditionFailed(String detail) {
        return new ServiceException(Reason.PRECONDITION_FAILED, detail);
    }

    public static ServiceException conflict(String detail) {
        return new ServiceException(Reason.CONFLICT, detail);
    }

    public static ServiceException unavailable(String detail) {
        return new ServiceException(Reason.UNAVAILABLE, detail);
    }
}
