package com.microenv.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Quarkus test resource putting a {@link TcpProxy} between the service and the shared PostgreSQL, so that a test
 * can simulate "PostgreSQL stopped" with {@link #cut()} and its return with {@link #restore()} without touching the
 * server everyone uses. Its init arguments are the properties to hand the application, with {@code {host}} and
 * {@code {port}} standing for the proxy's address, e.g.
 * {@code quarkus.datasource.reactive.url = postgresql://{host}:{port}/microenv_secrets}. Use it from a
 * {@code QuarkusTestProfile}'s {@code testResources()} (one proxy per JVM at a time).
 *
 * <p>The test and the resource may live in different class loaders, so the controls go through the JVM-wide
 * platform MBean server ({@code com.microenv.testinfra:type=PostgresProxy}), which every loader shares.
 */
public class PostgresProxy implements QuarkusTestResourceLifecycleManager {

    private static final String CONTROL = "com.microenv.testinfra:type=PostgresProxy";

    /** What the MBean offers. */
    public interface Control {
        void cut();

        void restore();

        int getPort();
    }

    private TcpProxy proxy;
    private Map<String, String> properties = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        properties = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> infra = LocalInfra.settings();
        proxy = new TcpProxy(infra.getOrDefault("MICROENV_PG_HOST", "127.0.0.1"),
                Integer.parseInt(infra.getOrDefault("MICROENV_PG_PORT", "5433"))).start();
        TcpProxy controlled = proxy;
        Control control = new Control() {
            @Override
            public void cut() {
                controlled.cut();
            }

            @Override
            public void restore() {
                controlled.restore();
            }

            @Override
            public int getPort() {
                return controlled.port();
            }
        };
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(CONTROL);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(control, Control.class), name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the PostgresProxy controls", e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        properties.forEach((name, template) -> config.put(name,
                template.replace("{host}", "127.0.0.1").replace("{port}", Integer.toString(proxy.port()))));
        return config;
    }

    @Override
    public void stop() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(CONTROL));
        } catch (JMException | RuntimeException ignored) {
            // not registered
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** PostgreSQL "stops": new connections are refused and every open one is reset. */
    public static void cut() {
        invoke("cut");
    }

    /** PostgreSQL is back on the same address. */
    public static void restore() {
        invoke("restore");
    }

    private static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(CONTROL), operation, null, null);
        } catch (javax.management.InstanceNotFoundException e) {
            throw new IllegalStateException("no PostgresProxy test resource is running in this JVM");
        } catch (JMException e) {
            throw new IllegalStateException("PostgresProxy " + operation + " failed", e);
        }
    }
}
