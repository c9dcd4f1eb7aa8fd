package com.microenv.gateway.proxy;

import com.microenv.gateway.api.GatewayException;
import com.microenv.gateway.api.Problem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routing table of docs/contracts.md ("Gateway routing"): which upstream serves a {@code /v1} path and which
 * project the request is about. Paths that could mean something else to an upstream than to the gateway (dot
 * segments, encoded slashes, empty segments, matrix parameters) are refused rather than interpreted.
 */
public final class RouteTable {

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String ALLOWED_RAW = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,=:@%";

    private RouteTable() {
    }

    /**
     * The device flow's start and poll (RFC 8628 §3.1, §3.4) and the OIDC trust login (a CI job or pod trades its
     * identity provider's JWT for a workload token): the caller has no MicroENV credential yet, so these are
     * forwarded to auth-service without one (docs/contracts.md, "auth-service public endpoints", "Workload tokens
     * and OIDC trusts").
     */
    private static final Set<String> CREDENTIAL_FREE =
            Set.of("/v1/auth/device", "/v1/auth/device/token", "/v1/auth/oidc/login");

    /** True for the POST endpoints that take no credential; exact paths only, no prefixes. */
    public static boolean credentialFree(String method, String rawPath) {
        return "POST".equals(method) && CREDENTIAL_FREE.contains(rawPath);
    }

    /** The target of {@code rawPath} (as received, before any decoding), or a 400/404 problem. */
    public static ProxyTarget resolve(String rawPath) {
        List<String> segments = segments(rawPath);
        if (segments.isEmpty() || !segments.get(0).equals("v1")) {
            throw new GatewayException(Problem.notFound("No public endpoint at this path."));
        }
        if (segments.size() >= 3 && segments.get(1).equals("projects")) {
            String project = segments.get(2);
            if (!UUID_SHAPE.matcher(project).matches()) {
                throw new GatewayException(Problem.validation("The project id in the path must be a UUID."));
            }
            String resource = segments.size() >= 4 ? segments.get(3) : "";
            Upstream upstream = switch (resource) {
                case "environments" -> Upstream.SECRETS;
                case "audit-events", "audit-chain" -> Upstream.AUDIT;
                default -> Upstream.AUTH;
            };
            return new ProxyTarget(upstream, Optional.of(project.toLowerCase()));
        }
        // Audit events that belong to no project: the caller's own, and the platform operators' view.
        if (segments.size() >= 3 && segments.get(1).equals("me") && segments.get(2).equals("audit-events")
                || segments.size() >= 2 && segments.get(1).equals("platform")) {
            return new ProxyTarget(Upstream.AUDIT, Optional.empty());
        }
        return new ProxyTarget(Upstream.AUTH, Optional.empty());
    }

    private static final Set<String> PROJECT_RESOURCES =
            Set.of("environments", "audit-events", "audit-chain", "api-keys", "members", "cli-tokens", "invitations");
    private static final Set<String> TOP_LEVEL = Set.of("projects", "me", "auth", "cli-tokens", "platform");

    /**
     * A bounded label for metrics: the path with the project id replaced and anything past the resource collapsed,
     * e.g. {@code /v1/projects/{p}/environments/**}. Unknown segments become {@code other}, never the raw text.
     */
    public static String routeLabel(String rawPath) {
        List<String> segments;
        try {
            segments = segments(rawPath);
        } catch (GatewayException malformed) {
            return "malformed";
        }
        if (segments.size() < 2 || !segments.get(0).equals("v1")) {
            return "other";
        }
        if (segments.get(1).equals("projects") && segments.size() >= 3) {
            if (segments.size() == 3) {
                return "/v1/projects/{p}";
            }
            String resource = PROJECT_RESOURCES.contains(segments.get(3)) ? segments.get(3) : "other";
            return "/v1/projects/{p}/" + resource + (segments.size() > 4 ? "/**" : "");
        }
        String top = TOP_LEVEL.contains(segments.get(1)) ? segments.get(1) : "other";
        return "/v1/" + top + (segments.size() > 2 ? "/**" : "");
    }

    /** The decoded path segments; a single trailing slash is tolerated. */
    static List<String> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw malformed();
        }
        List<String> segments = new ArrayList<>();
        if (rawPath.equals("/")) {
            return segments;
        }
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        for (String raw : path.substring(1).split("/", -1)) {
            String segment = decode(raw);
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw malformed();
            }
            segments.add(segment);
        }
        return segments;
    }

    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (ALLOWED_RAW.indexOf(c) < 0) {
                throw malformed();
            }
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw malformed();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed();
                }
                int b = hi * 16 + lo;
                if (b < 0x20 || b == 0x7f || b == '/' || b == '\\' || b == ';' || b == '%') {
                    throw malformed();
                }
                bytes.write(b);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static GatewayException malformed() {
        return new GatewayException(Problem.validation(
                "Malformed request path: no empty, '.' or '..' segments, encoded slashes or ';' parameters."));
    }
}
