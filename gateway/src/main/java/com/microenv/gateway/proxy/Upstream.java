package com.microenv.gateway.proxy;

/** The services behind the gateway. */
public enum Upstream {
    AUTH("auth-service"),
    SECRETS("secrets-service"),
    AUDIT("audit-service");

    private final String serviceName;

    Upstream(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The name people know the service by, for problem details and logs. */
    public String serviceName() {
        return serviceName;
    }
}
