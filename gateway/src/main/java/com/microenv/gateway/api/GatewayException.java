package com.microenv.gateway.api;

import io.vertx.core.buffer.Buffer;

/**
 * The gateway's one domain exception: the request ends with this problem. When an upstream already answered
 * with a problem document that the client should see as it is (the token exchange's 401/403), the document
 * is relayed verbatim and {@link #problem()} only supplies the status.
 */
public final class GatewayException extends RuntimeException {

    private final transient Problem problem;
    private final transient Buffer relayedDocument;

    private GatewayException(Problem problem, Buffer relayedDocument, Throwable cause) {
        super(problem.status() + " " + problem.slug() + ": " + problem.detail(), cause, false, false);
        this.problem = problem;
        this.relayedDocument = relayedDocument;
    }

    public GatewayException(Problem problem) {
        this(problem, null, null);
    }

    public GatewayException(Problem problem, Throwable cause) {
        this(problem, null, cause);
    }

    /** Relays an upstream's {@code application/problem+json} document with its status. */
    public static GatewayException relay(Problem problem, Buffer document) {
        return new GatewayException(problem, document, null);
    }

    public Problem problem() {
        return problem;
    }

    /** The upstream's own problem document, or {@code null} when the gateway writes its own. */
    public Buffer relayedDocument() {
        return relayedDocument;
    }
}
