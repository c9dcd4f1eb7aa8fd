package com.microenv.gateway.proxy;

import java.util.Optional;

/** Where a public request goes and which project (if any) its internal JWT must be scoped to. */
public record ProxyTarget(Upstream upstream, Optional<String> projectId) {
}
