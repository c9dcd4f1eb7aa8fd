package com.microenv.auth.service;

/**
 * A failure the caller can act on, mapped once (in {@code ProblemMapper}) to an RFC 9457 problem. The
 * detail is shown to the client: it never contains a key, a token or any other secret.
 */
public class ServiceException extends RuntimeException {

    /** The problem kinds of docs/contracts.md, with their status and {@code type} slug. */
    public enum Kind {
        VALIDATION(400, "validation", "Invalid request"),
        UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
        FORBIDDEN(403, "forbidden", "Forbidden"),
        NOT_FOUND(404, "not-found", "Not found"),
        CONFLICT(409, "conflict", "Conflict");

        public final int status;
        public final String slug;
        public final String title;

        Kind(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }
    }

    private final Kind kind;

    public ServiceException(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ServiceException validation(String detail) {
        return new ServiceException(Kind.VALIDATION, detail);
    }

    public static ServiceException unauthorized(String detail) {
        return new ServiceException(Kind.UNAUTHORIZED, detail);
    }

    public static ServiceException forbidden(String detail) {
        return new ServiceException(Kind.FORBIDDEN, detail);
    }

    public static ServiceException notFound(String detail) {
        return new ServiceException(Kind.NOT_FOUND, detail);
    }

    public static ServiceException conflict(String detail) {
        return new ServiceException(Kind.CONFLICT, detail);
    }
}
