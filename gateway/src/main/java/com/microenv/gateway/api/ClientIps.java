package com.microenv.gateway.api;

import com.microenv.gateway.config.GatewayConfig;
import com.microenv.gateway.service.IpRanges;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's IP address: the connection's peer, unless the peer is a configured trusted proxy, in which case it is
 * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy (addresses to its left could
 * have been written by the client). No proxy is trusted by default, so a client's own {@code X-Forwarded-For} is
 * ignored.
 */
@ApplicationScoped
public class ClientIps {

    private final IpRanges trusted;

    @Inject
    public ClientIps(GatewayConfig config) {
        this(IpRanges.parse(config.clientIp().trustedProxies().orElse(List.of())));
    }

    ClientIps(IpRanges trusted) {
        this.trusted = trusted;
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return resolve(peer, request.headers().getAll("X-Forwarded-For"));
    }

    /** The client IP for a connection from {@code peer} carrying these {@code X-Forwarded-For} headers. */
    String resolve(String peer, List<String> forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        String normalizedPeer = normalize(peer);
        if (trusted.isEmpty() || !trusted.contains(normalizedPeer) || forwardedFor.isEmpty()) {
            return normalizedPeer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            var address = IpRanges.address(hop);
            if (address == null) {
                // Garbage where an address should be: whatever is left of it is not trustworthy either.
                return normalizedPeer;
            }
            if (!trusted.contains(address)) {
                return address.getHostAddress();
            }
            normalizedPeer = address.getHostAddress();
        }
        // Every hop is a trusted proxy: the left-most one is as close to the client as we can know.
        return normalizedPeer;
    }

    private static String normalize(String ip) {
        var address = IpRanges.address(ip);
        return address == null ? ip : address.getHostAddress();
    }
}
