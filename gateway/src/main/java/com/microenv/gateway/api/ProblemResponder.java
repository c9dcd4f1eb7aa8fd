package com.microenv.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The one place where failures become RFC 9457 {@code application/problem+json} responses. */
@ApplicationScoped
public class ProblemResponder {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemResponder.class);
    private static final long DRAIN_MILLIS = 2000;
    private static final long DRAIN_MAX_BYTES = 8L * 1024 * 1024;

    private final Vertx vertx;

    public ProblemResponder(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Ends the exchange with the problem that {@code failure} stands for. */
    public void respond(RoutingContext ctx, Throwable failure) {
        if (failure instanceof GatewayException known) {
            write(ctx, known.problem(), known.relayedDocument());
            return;
        }
        LOG.errorf(failure, "Unexpected failure handling request %s %s (request id %s)",
                ctx.request().method(), ctx.request().path(), RequestIds.of(ctx));
        write(ctx, Problem.internal("Unexpected error in the gateway; quote request id " + RequestIds.of(ctx)
                + " when reporting it."), null);
    }

    /** Ends the exchange with {@code problem}. */
    public void respond(RoutingContext ctx, Problem problem) {
        write(ctx, problem, null);
    }

    private void write(RoutingContext ctx, Problem problem, io.vertx.core.buffer.Buffer relayed) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // Part of an upstream answer is already on the wire: cutting the connection is the only honest signal.
            response.reset();
            return;
        }
        String requestId = RequestIds.of(ctx);
        response.setStatusCode(problem.status());
        response.headers().clear();
        response.putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.putHeader(RequestIds.HEADER, requestId);
        if (problem.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"microenv\"");
        }
        boolean unreadBody = hasUnreadBody(request);
        if (unreadBody && request.version() != HttpVersion.HTTP_2) {
            // The rest of the body is never read, so the connection cannot carry another request.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        var body = relayed != null ? relayed : new JsonObject()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("instance", request.path())
                .put("requestId", requestId)
                .toBuffer();
        response.end(body).onComplete(done -> {
            if (unreadBody && request.version() != HttpVersion.HTTP_2) {
                drainThenClose(request);
            } else if (!request.isEnded()) {
                request.resume();
            }
        });
    }

    /**
     * Reads and discards what the client is still sending (up to a bound, for a short while) before closing, so that
     * a client busy writing its body still reads the problem instead of a connection reset.
     */
    private void drainThenClose(HttpServerRequest request) {
        long[] discarded = {0};
        boolean[] closed = {false};
        Runnable close = () -> {
            if (!closed[0]) {
                closed[0] = true;
                request.connection().close();
            }
        };
        if (request.isEnded()) {
            close.run();
            return;
        }
        long timer = vertx.setTimer(DRAIN_MILLIS, id -> close.run());
        try {
            drain(request, discarded, timer, close);
        } catch (IllegalStateException alreadyRead) {
            // The body ended in the meantime: nothing left to drain.
            vertx.cancelTimer(timer);
            close.run();
        }
    }

    private void drain(HttpServerRequest request, long[] discarded, long timer, Runnable close) {
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > DRAIN_MAX_BYTES) {
                vertx.cancelTimer(timer);
                close.run();
            }
        });
        request.endHandler(ended -> {
            vertx.cancelTimer(timer);
            close.run();
        });
        request.exceptionHandler(broken -> close.run());
        request.resume();
    }

    private static boolean hasUnreadBody(HttpServerRequest request) {
        if (request.isEnded()) {
            return false;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }
}
