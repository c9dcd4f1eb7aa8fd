package com.microenv.auth.api;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Tells a lost or refused database connection apart from a bug, so that it is answered with 503 naming the
 * dependency instead of 500 (which the gateway would turn into 502). Kafka is not on auth-service's request path:
 * events wait in the outbox.
 */
final class Dependencies {

    static final String POSTGRESQL = "postgresql";

    private Dependencies() {
    }

    /** The dependency whose connection failed, or null when the failure is something else. */
    static String unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String type = cause.getClass().getName();
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException
                    || type.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || type.equals("io.netty.channel.ConnectTimeoutException")
                    || type.startsWith("io.netty.channel.AbstractChannel$AnnotatedConnectException")
                    || type.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || (cause instanceof IOException && mentionsConnection(cause))
                    || (type.startsWith("io.vertx.") && mentionsConnection(cause))) {
                return POSTGRESQL;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** The class names of the chain (no messages: they may hold driver text). */
    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable cause = failure; cause != null && out.length() < 400; cause = cause.getCause()) {
            if (!out.isEmpty()) {
                out.append(" <- ");
            }
            out.append(cause.getClass().getSimpleName());
            if (cause.getCause() == cause) {
                break;
            }
        }
        return out.toString();
    }

    private static boolean mentionsConnection(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("connection refused") || lower.contains("connection reset")
                || lower.contains("connection is closed") || lower.contains("closed connection")
                || lower.contains("failed to connect") || lower.contains("connection timed out")
                || lower.contains("timeout") && lower.contains("connection");
    }
}
