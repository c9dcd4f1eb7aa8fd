package com.microenv.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGINT and SIGTERM sent to the CLI go to the child of {@code microenv run} instead of stopping the JVM, so the child
 * decides how to end and its exit code comes back. {@code sun.misc.Signal} is the JDK's only way to catch a signal
 * (module jdk.unsupported, present in every JDK 17 build).
 */
public final class SignalForwarding {

    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private SignalForwarding() {
    }

    /** Handles the signals from now on; one that comes before {@code child} is set is delivered once it is. */
    static AutoCloseable forwardTo(AtomicReference<Process> child) {
        List<Restore> previous = new ArrayList<>();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                previous.add(new Restore(signal, Signal.handle(signal, received -> send(awaitChild(child), name))));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself (e.g. when started with -Xrs): leave it alone.
            }
        }
        return () -> previous.forEach(restore -> Signal.handle(restore.signal(), restore.handler()));
    }

    /**
     * Until closed, SIGINT and SIGTERM interrupt {@code thread} instead of killing the JVM, so a loop such as
     * {@code audit list --follow} ends cleanly (exit 0, output flushed). Should the thread not finish within two
     * seconds (stuck in a read), the JVM exits with 0 anyway.
     */
    public static AutoCloseable interruptOnSignal(Thread thread) {
        List<Restore> previous = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                previous.add(new Restore(signal, Signal.handle(signal, received -> {
                    thread.interrupt();
                    Thread watchdog = new Thread(() -> {
                        try {
                            thread.join(2000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (thread.isAlive()) {
                            System.out.flush();
                            System.exit(ExitCodes.OK);
                        }
                    }, "stop");
                    watchdog.setDaemon(true);
                    watchdog.start();
                })));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself (e.g. -Xrs): Ctrl-C then stops the JVM as usual.
            }
        }
        return () -> previous.forEach(restore -> Signal.handle(restore.signal(), restore.handler()));
    }

    // Runs on the JVM's signal thread, so waiting here holds up nothing else.
    private static Process awaitChild(AtomicReference<Process> child) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (child.get() == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return child.get();
    }

    private static void send(Process child, String signal) {
        if (child == null || !child.isAlive()) {
            return;
        }
        if (signal.equals("TERM")) {
            child.destroy(); // SIGTERM on Unix
            return;
        }
        try {
            // The JDK sends only SIGTERM and SIGKILL itself; kill(1) sends the rest.
            new ProcessBuilder("kill", "-s", signal, Long.toString(child.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            child.destroy();
        }
    }

    private record Restore(Signal signal, SignalHandler handler) {
    }
}
