package com.microenv.audit.persistence;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells a lost or unreachable PostgreSQL apart from other failures (which stay bugs, i.e. 500s). */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether {@code failure} (or a cause) says the database cannot be reached or the connection was lost. */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ClosedConnectionException || e instanceof IOException || e instanceof TimeoutException) {
                return true;
            }
            if (e instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            if (e instanceof VertxException && e.getMessage() != null
                    && (e.getMessage().contains("Connection closed") || e.getMessage().contains("Timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The kind of failure, without any data. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
