package com.microenv.deploychecks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as a builder reads it: comments dropped, line continuations joined, one instruction per
 * entry, {@code ${ARG}} references resolved with the ARG defaults (what a build without --build-arg uses).
 */
record Dockerfile(Path file, List<Instruction> instructions, Map<String, String> args) {

    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    static Dockerfile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        List<Instruction> instructions = new ArrayList<>();
        Map<String, String> args = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!pending.isEmpty() && line.startsWith("#")) {
                continue; // comment lines inside a continued instruction are dropped
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String whole = pending.toString().strip();
            pending.setLength(0);
            int space = whole.indexOf(' ');
            String keyword = (space < 0 ? whole : whole.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : whole.substring(space + 1).strip();
            if (keyword.equals("ARG")) {
                int eq = arguments.indexOf('=');
                args.put(eq < 0 ? arguments : arguments.substring(0, eq), eq < 0 ? null : unquote(arguments.substring(eq + 1)));
            }
            instructions.add(new Instruction(keyword, arguments));
        }
        if (!pending.isEmpty()) {
            throw new AssertionError(file + ": ends inside a continued line");
        }
        return new Dockerfile(file, List.copyOf(instructions), Map.copyOf(args));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The arguments of the only instruction of that keyword. */
    String only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError(file + ": expected exactly one " + keyword + ", found " + found.size());
        }
        return found.get(0).arguments();
    }

    /** ARG references replaced by the ARG defaults. */
    String resolve(String value) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String replacement = args.get(name);
            if (replacement == null) {
                throw new AssertionError(file + ": " + value + " uses " + name + ", which has no ARG default");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** ENV instructions as a map (the {@code KEY=value} form, values unquoted). */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)");
        for (Instruction instruction : all("ENV")) {
            Matcher matcher = pair.matcher(instruction.arguments());
            boolean any = false;
            while (matcher.find()) {
                env.put(matcher.group(1), unquote(matcher.group(2)));
                any = true;
            }
            if (!any) {
                throw new AssertionError(file + ": ENV " + instruction.arguments() + " is not in the KEY=value form");
            }
        }
        return env;
    }

    private static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
