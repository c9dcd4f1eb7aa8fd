package com.microenv.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Where the CPU goes in a JFR recording: the hottest methods by self samples (top frame of
 * {@code jdk.ExecutionSample}) and the hottest packages by inclusive samples (a package counts once per sample
 * when any frame of the stack is in it). Prints plain text, for docs/BENCHMARKS.md.
 */
@Command(name = "jfr-top", mixinStandardHelpOptions = true,
        description = "Top frames (self) and packages (inclusive) of a JFR recording's execution samples.")
final class JfrTopCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The .jfr file.")
    Path file;

    @Option(names = "--top", defaultValue = "15")
    int top;

    @Option(names = "--package-depth", defaultValue = "3", description = "Package name segments to group by.")
    int depth;

    @Override
    public Integer call() throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        int collections = 0;
        double pauseMs = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals("jdk.GarbageCollection")) {
                collections++;
                pauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                continue;
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String pkg = pkg(frame);
                if (seen.add(pkg)) {
                    inclusive.merge(pkg, 1, Integer::sum);
                }
            }
        }
        System.out.printf("execution samples: %d; garbage collections: %d, pauses %.0f ms in all%n", samples, collections, pauseMs);
        print("top methods (self)", self, samples);
        print("top packages (inclusive)", inclusive, samples);
        return 0;
    }

    private void print(String title, Map<String, Integer> counts, int samples) {
        System.out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        if (frame.getMethod() == null || frame.getMethod().getType() == null) {
            return "<unknown>";
        }
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private String pkg(RecordedFrame frame) {
        if (frame.getMethod() == null || frame.getMethod().getType() == null) {
            return "<unknown>";
        }
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        int n = Math.min(depth, Math.max(1, parts.length - 1));
        return String.join(".", java.util.Arrays.copyOf(parts, n));
    }
}
