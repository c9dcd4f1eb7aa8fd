package com.microenv.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between a service and one of its dependencies (PostgreSQL, Kafka …) that a test can cut and
 * restore, so an outage can be simulated without stopping the shared server. {@link #cut()} closes the listening
 * socket (new connections are refused, as from a stopped server) and kills every live connection (as a crash
 * would); {@link #restore()} listens again on the same port. Plain blocking sockets, two daemon threads per
 * connection: enough for a test's handful of pooled connections.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile int port;
    private volatile boolean closed;

    /** A proxy to {@code targetHost:targetPort}, listening on a free loopback port once {@link #start()}ed. */
    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts listening on a free port of 127.0.0.1. */
    public synchronized TcpProxy start() {
        listen(0);
        return this;
    }

    /** The loopback port the proxy listens on. */
    public int port() {
        return port;
    }

    /** Whether new connections are accepted now. */
    public boolean isOpen() {
        ServerSocket current = listener;
        return current != null && !current.isClosed();
    }

    /** The outage: stop listening (connections are refused) and reset every live connection. Idempotent. */
    public synchronized void cut() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        for (Socket socket : live) {
            try {
                socket.setSoLinger(true, 0); // RST, not a polite FIN
            } catch (IOException ignored) {
                // already gone
            }
            closeQuietly(socket);
        }
        live.clear();
    }

    /** The recovery: listen again on the same port. Idempotent. */
    public synchronized void restore() {
        if (!closed && !isOpen()) {
            listen(port);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private void listen(int onPort) {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
                listener = server;
                port = server.getLocalPort();
                Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept-" + port);
                acceptor.setDaemon(true);
                acceptor.start();
                return;
            } catch (IOException e) {
                last = e;
                sleep(100); // the port may linger for a moment after a cut
            }
        }
        throw new UncheckedIOException("cannot listen on port " + onPort, last);
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // cut or closed
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            if (listener != server) { // cut while connecting
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            live.add(client);
            live.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
