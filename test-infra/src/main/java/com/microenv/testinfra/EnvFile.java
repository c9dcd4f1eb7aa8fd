package com.microenv.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads shell assignment files such as {@code .microenv/infra.env}: {@code NAME=value} lines, optional
 * {@code export}, comments, and values quoted the way a POSIX shell quotes them.
 *
 * <p>Error messages name the line number and the variable, never the value: these files hold secrets.
 */
public final class EnvFile {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {
    }

    /** Parses the file at {@code path}; later assignments of a name win, as in a shell. */
    public static Map<String, String> read(Path path) {
        try {
            return parse(Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Parses assignment lines, in order. */
    public static Map<String, String> parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).stripLeading();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            if (eq < 0 || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not a NAME=value assignment");
            }
            values.put(name, value(line.substring(eq + 1), i + 1, name));
        }
        return values;
    }

    /** The shell word after '=': unquoted, 'single' and "double" quoted parts, up to unquoted blank or comment. */
    private static String value(String raw, int lineNumber, String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t') {
                String rest = raw.substring(i).strip();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    throw new IllegalArgumentException(
                            "line " + lineNumber + " (" + name + "): unquoted blank inside the value");
                }
                break;
            }
            if (c == '\'') {
                int end = raw.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated(lineNumber, name);
                }
                out.append(raw, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(raw, i + 1, out, lineNumber, name);
            } else if (c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int doubleQuoted(String raw, int start, StringBuilder out, int lineNumber, String name) {
        int i = start;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < raw.length() && "\"\\$`".indexOf(raw.charAt(i + 1)) >= 0) {
                out.append(raw.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        throw unterminated(lineNumber, name);
    }

    private static IllegalArgumentException unterminated(int lineNumber, String name) {
        return new IllegalArgumentException("line " + lineNumber + " (" + name + "): unterminated quote");
    }
}
