package com.microenv.gateway.proxy;

import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.Problem;
import com.microenv.gateway.api.ProblemResponder;
import com.microenv.gateway.api.RequestIds;
import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.service.GatewayMetrics;
import com.microenv.gateway.service.UpstreamBreakers;
import com.microenv.gateway.service.UpstreamFailures;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * Streams a request to its upstream and the answer back, without buffering either body: method, path, query, body
 * and end-to-end headers pass through; the client's credential is replaced by the internal JWT; hop-by-hop headers
 * stay behind. The request body is counted on the way and cut off with a 413 problem past the limit.
 */
@ApplicationScoped
public class ReverseProxy {

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);

    private final HttpClient client;
    private final Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
    /** Each upstream's base path without trailing slashes, worked out once (not a regex per request). */
    private final Map<Upstream, String> basePaths = new EnumMap<>(Upstream.class);
    private final ProblemResponder problems;
    private final UpstreamBreakers breakers;
    private final GatewayMetrics metrics;
    private final io.opentelemetry.context.propagation.TextMapPropagator propagator;
    private final long maxBodyBytes;
    private final long connectTimeoutMillis;
    private final long idleTimeoutMillis;

    public ReverseProxy(Vertx vertx, GatewayConfig config, ProblemResponder problems, UpstreamBreakers breakers,
                        GatewayMetrics metrics, io.opentelemetry.api.OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.problems = problems;
        this.breakers = breakers;
        this.metrics = metrics;
        this.maxBodyBytes = config.maxBodyBytes();
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        this.idleTimeoutMillis = config.upstreamTimeout().toMillis();
        upstreams.put(Upstream.AUTH, config.authUrl());
        upstreams.put(Upstream.SECRETS, config.secretsUrl());
        upstreams.put(Upstream.AUDIT, config.auditUrl());
        upstreams.forEach((upstream, uri) -> basePaths.put(upstream,
                uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "")));
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) connectTimeoutMillis)
                        .setKeepAliveTimeout(30),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerUpstream())
                        .setMaxWaitQueueSize(config.maxConnectionsPerUpstream() * 16));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Forwards the (paused) request in {@code ctx} to {@code target} with {@code internalJwt} as its credential (null: none). */
    public void forward(RoutingContext ctx, ProxyTarget target, String internalJwt, String clientIp) {
        HttpServerRequest request = ctx.request();
        if (ctx.response().closed()) {
            return;
        }
        URI base = upstreams.get(target.upstream());
        MultiMap headers = ForwardedHeaders.requestHeaders(request.headers());
        if (internalJwt == null) {
            headers.remove(HttpHeaders.AUTHORIZATION); // a credential-free route: nothing of the client's is passed on
        } else {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + internalJwt);
        }
        // With tracing on, the upstream's span continues the gateway's (W3C traceparent); off, this writes nothing.
        propagator.inject(io.opentelemetry.context.Context.current(), headers, (carrier, name, value) -> carrier.set(name, value));
        headers.set(RequestIds.HEADER, RequestIds.of(ctx));
        headers.set("X-Forwarded-For", clientIp);
        headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        String basePath = basePaths.get(target.upstream());
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : https ? 443 : 80)
                .setSsl(https)
                .setURI(basePath + request.path() + (request.query() == null ? "" : "?" + request.query()))
                .setHeaders(headers)
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(idleTimeoutMillis);
        boolean chunked = !headers.contains(HttpHeaders.CONTENT_LENGTH)
                && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (request.version() == HttpVersion.HTTP_2 && !request.isEnded()));
        long started = System.nanoTime();
        boolean[] resetByGateway = {false};

        breakers.<Answer>call(target.upstream(), promise -> client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                promise.fail(connected.cause());
                return;
            }
            HttpClientRequest upstreamRequest = connected.result();
            if (chunked) {
                upstreamRequest.setChunked(true);
            }
            // Failures surface through response() below; this only keeps Vert.x from logging them a second time.
            upstreamRequest.exceptionHandler(failure -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("Request to %s ended early (request id %s): %s", target.upstream().serviceName(),
                            RequestIds.of(ctx), failure.toString());
                }
            });
            ctx.response().closeHandler(closed -> {
                resetByGateway[0] = true;
                upstreamRequest.reset();
            });
            upstreamRequest.response().onComplete(answered -> {
                if (answered.succeeded()) {
                    // The breaker hands the result over on a later turn of the event loop: hold the body until relayed.
                    answered.result().pause();
                    promise.complete(new Answer(answered.result(), null));
                } else if (resetByGateway[0] || ctx.response().ended()) {
                    // The gateway gave up on this request itself (client gone, body too large): not the upstream's fault.
                    promise.complete(new Answer(null, answered.cause()));
                } else {
                    promise.fail(answered.cause());
                }
            });
            streamBody(ctx, upstreamRequest, resetByGateway);
        })).onComplete(done -> {
            if (done.failed()) {
                fail(ctx, target, done.cause());
            } else if (done.result().response() != null) {
                relay(ctx, target, done.result().response(), started);
            } else {
                fail(ctx, target, done.result().failure());
            }
        });
    }

    /** What an upstream call came to when it did not fail at the transport level. */
    private record Answer(HttpClientResponse response, Throwable failure) {
    }

    private void streamBody(RoutingContext ctx, HttpClientRequest upstreamRequest, boolean[] resetByGateway) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            // Already read by a body handler earlier in the chain.
            Buffer body = ctx.body() == null ? null : ctx.body().buffer();
            if (body != null && body.length() > maxBodyBytes) {
                resetByGateway[0] = true;
                tooLarge(ctx, upstreamRequest);
            } else {
                upstreamRequest.end(body == null ? Buffer.buffer() : body);
            }
            return;
        }
        long[] received = {0};
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > maxBodyBytes) {
                request.handler(null);
                request.endHandler(null);
                resetByGateway[0] = true;
                tooLarge(ctx, upstreamRequest);
                return;
            }
            upstreamRequest.write(chunk);
            if (upstreamRequest.writeQueueFull()) {
                request.pause();
                upstreamRequest.drainHandler(drained -> request.resume());
            }
        });
        request.endHandler(ended -> upstreamRequest.end());
        request.exceptionHandler(broken -> upstreamRequest.reset(0, broken));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    private void tooLarge(RoutingContext ctx, HttpClientRequest upstreamRequest) {
        problems.respond(ctx, Problem.payloadTooLarge("The request body is larger than " + maxBodyBytes + " bytes."));
        upstreamRequest.reset();
    }

    private void relay(RoutingContext ctx, ProxyTarget target, HttpClientResponse upstreamResponse, long started) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            upstreamResponse.request().reset();
            return;
        }
        int status = upstreamResponse.statusCode();
        response.setStatusCode(status);
        response.headers().addAll(ForwardedHeaders.responseHeaders(upstreamResponse.headers()));
        response.putHeader(RequestIds.HEADER, RequestIds.of(ctx));
        boolean hasBody = request.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
        if (hasBody && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        upstreamResponse.pipe().endOnFailure(false).to(response).onComplete(done -> {
            if (done.failed()) {
                LOG.warnf("Relaying the answer of %s broke off (request id %s): %s",
                        target.upstream().serviceName(), RequestIds.of(ctx), done.cause().toString());
                response.reset();
                upstreamResponse.request().reset();
                return;
            }
            if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
                // The upstream answered before the whole body arrived; the rest cannot be left on this connection.
                request.connection().close();
            }
            if (LOG.isDebugEnabled()) {
                LOG.debugf("%s %s -> %s %d in %d ms (request id %s)", request.method(), request.path(),
                        target.upstream().serviceName(), status, (System.nanoTime() - started) / 1_000_000,
                        RequestIds.of(ctx));
            }
        });
    }

    private void fail(RoutingContext ctx, ProxyTarget target, Throwable cause) {
        GatewayException problem = UpstreamFailures.toGatewayException(target.upstream().serviceName(), cause);
        metrics.upstreamError(target.upstream().serviceName(), switch (problem.problem().status()) {
            case 503 -> "unavailable";
            case 504 -> "timeout";
            case 413 -> "body-too-large";
            default -> "broken";
        });
        if (!ctx.response().ended()) {
            LOG.warnf("%s %s -> %s failed with %d (request id %s): %s", ctx.request().method(), ctx.request().path(),
                    target.upstream().serviceName(), problem.problem().status(), RequestIds.of(ctx), cause.toString());
        }
        problems.respond(ctx, problem);
    }
}
