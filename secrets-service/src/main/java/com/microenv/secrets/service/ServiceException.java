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
        UNAVAILABLE,
        /** A stored value failed AES-GCM authentication: altered, or moved from another row (a server-side fault). */
        INTEGRITY
    }

    private final Reason reason;
    private final Long currentVersion;
    private final String dependency;

    public ServiceException(Reason reason, String detail) {
        this(reason, detail, null, null);
    }

    private ServiceException(Reason reason, String detail, Long currentVersion, String dependency) {
        super(detail, null, false, false);
        this.reason = reason;
        this.currentVersion = currentVersion;
        this.dependency = dependency;
    }

    /** For a failed precondition: the variable's current version (null when it does not exist). */
    public Long currentVersion() {
        return currentVersion;
    }

    /** For UNAVAILABLE: the dependency that is down ({@code postgresql} or {@code kafka}). */
    public String dependency() {
        return dependency;
    }

    public static ServiceException preconditionFailed(String detail, Long currentVersion) {
        return new ServiceException(Reason.PRECONDITION_FAILED, detail, currentVersion, null);
    }

    public static ServiceException dependencyUnavailable(String dependency, String detail) {
        return new ServiceException(Reason.UNAVAILABLE, detail, null, dependency);
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }

    /** A stored value does not authenticate under its own coordinates; the detail names the row, never a value. */
    public static ServiceException integrity(String detail) {
        return new ServiceException(Reason.INTEGRITY, detail);
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
