package com.microenv.gateway.service;

import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.Problem;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Turns a failed call to an upstream into the 502/503/504 problem a client can act on. */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** The problem for a transport failure talking to {@code serviceName}; a {@link GatewayException} stays as it is. */
    public static GatewayException toGatewayException(String serviceName, Throwable failure) {
        if (failure instanceof GatewayException known) {
            return known;
        }
        return new GatewayException(problemFor(serviceName, failure), failure);
    }

    static Problem problemFor(String serviceName, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return Problem.unavailable(serviceName + " is unavailable; try again shortly.");
            }
            if (t instanceof TimeoutException) {
                return Problem.gatewayTimeout(serviceName + " did not answer in time.");
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return Problem.badGateway(serviceName + " failed to answer the request.");
    }
}
