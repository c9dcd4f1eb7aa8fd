package com.microenv.audit.api;

/** A request this service refuses on purpose; rendered as an RFC 9457 problem by {@link ProblemMapper}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    private ProblemException(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** 400: a parameter is malformed or out of range; {@code detail} says which and what is allowed. */
    public static ProblemException validation(String detail) {
        return new ProblemException(400, "validation", "Invalid request", detail);
    }

    /** 403: the token is valid but does not grant this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
