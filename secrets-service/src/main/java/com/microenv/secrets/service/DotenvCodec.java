package com.microenv.secrets.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The {@code .env} format: written so that Node's {@code dotenv} reads every value back exactly (see
 * docs/variables.md for python-dotenv and {@code set -a; . file}), and read with the rules people rely on.
 */
public final class DotenvCodec {

    /** Values made only of these characters are written unquoted: no parser and no shell treats any of them specially. */
    private static final Pattern BARE = Pattern.compile("^[A-Za-z0-9_./:@%+,=-]+$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*");

    private DotenvCodec() {
    }

    /**
     * The value as it appears after {@code NAME=}, or null when no quoting makes Node's dotenv read it back exactly
     * (it holds a double quote or backslash, and either a carriage return or both a single quote and a backtick).
     */
    public static String quote(String value) {
        if (value.isEmpty()) {
            return "";
        }
        if (BARE.matcher(value).matches()) {
            return value;
        }
        boolean carriageReturn = value.indexOf('\r') >= 0;
        // Single quotes: taken literally by dotenv and the shell, across lines; dotenv turns \r\n into \n first.
        if (value.indexOf('\'') < 0 && !carriageReturn) {
            return "'" + value + "'";
        }
        // Double quotes: dotenv expands only \n and \r inside them, so this is exact when no backslash or quote is in the value.
        if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
            return "\"" + value.replace("\n", "\\n").replace("\r", "\\r") + "\"";
        }
        // Backticks: dotenv takes them literally (no other parser knows them).
        if (value.indexOf('`') < 0 && !carriageReturn) {
            return "`" + value + "`";
        }
        return null;
    }

    /**
     * Renders {@code NAME=value} lines.
     *
     * @throws ServiceException UNREPRESENTABLE naming the variables no quoting can carry
     */
    public static String render(SortedMap<String, String> values) {
        StringBuilder out = new StringBuilder();
        List<String> unrepresentable = new ArrayList<>();
        values.forEach((name, value) -> {
            String quoted = quote(value);
            if (quoted == null) {
                unrepresentable.add(name);
            } else {
                out.append(name).append('=').append(quoted).append('\n');
            }
        });
        if (!unrepresentable.isEmpty()) {
            throw ServiceException.unrepresentable("no .env quoting reads back exactly the values of "
                    + String.join(", ", unrepresentable) + " (each holds a double quote or backslash, and a carriage return "
                    + "or both a single quote and a backtick); use format=json or yaml");
        }
        return out.toString();
    }

    /**
     * Parses a {@code .env} file: blank lines and {@code #} comments, an optional {@code export } prefix,
     * {@code NAME=value} with the value unquoted (trimmed, a {@code #} after whitespace starts a comment), in single
     * quotes or backticks (literal, may span lines) or in double quotes (may span lines; {@code \n}, {@code \r},
     * {@code \t}, {@code \"}, {@code \\} and {@code \$} are escapes). A later line for the same name wins.
     *
     * @throws ServiceException VALIDATION naming the line of the first bad line; never echoing its content
     */
    public static Map<String, String> parse(String text) {
        String normalized = text.startsWith("\uFEFF") ? text.substring(1) : text;
        normalized = normalized.replace("\r\n", "\n").replace('\r', '\n');
        Map<String, String> values = new LinkedHashMap<>();
        int position = 0;
        int line = 1;
        int length = normalized.length();
        while (position < length) {
            int lineEnd = endOfLine(normalized, position);
            String current = normalized.substring(position, lineEnd);
            String trimmed = current.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                position = lineEnd + 1;
                line++;
                continue;
            }
            int startLine = line;
            int cursor = position + leadingSpace(current);
            if (normalized.startsWith("export", cursor) && cursor + 6 < lineEnd
                    && Character.isWhitespace(normalized.charAt(cursor + 6))) {
                cursor += 6;
                while (cursor < lineEnd && isBlank(normalized.charAt(cursor))) {
                    cursor++;
                }
            }
            var nameMatch = NAME.matcher(normalized.substring(cursor, lineEnd));
            if (!nameMatch.find()) {
                throw bad(startLine, "expected NAME=value");
            }
            String name = nameMatch.group();
            cursor += name.length();
            while (cursor < lineEnd && isBlank(normalized.charAt(cursor))) {
                cursor++;
            }
            if (cursor >= lineEnd || normalized.charAt(cursor) != '=') {
                throw bad(startLine, "expected NAME=value");
            }
            if (!Names.isVariableName(name)) {
                throw bad(startLine, "the name is not a valid variable name (^[A-Z_][A-Z0-9_]*$, at most "
                        + Names.MAX_VARIABLE_NAME_LENGTH + " characters)");
            }
            cursor++;
            while (cursor < lineEnd && isBlank(normalized.charAt(cursor))) {
                cursor++;
            }
            String value;
            int next;
            char first = cursor < lineEnd ? normalized.charAt(cursor) : '\n';
            if (first == '\'' || first == '"' || first == '`') {
                int close = closingQuote(normalized, cursor + 1, first);
                if (close < 0) {
                    throw bad(startLine, "the " + quoteName(first) + " opened here is never closed");
                }
                String inner = normalized.substring(cursor + 1, close);
                value = first == '"' ? unescapeDouble(inner) : inner;
                for (int i = cursor; i < close; i++) {
                    if (normalized.charAt(i) == '\n') {
                        line++;
                    }
                }
                next = endOfLine(normalized, close + 1);
            } else {
                String raw = normalized.substring(cursor, lineEnd);
                value = stripComment(raw).strip();
                next = lineEnd;
            }
            try {
                Names.requireValue(value);
            } catch (ServiceException e) {
                throw new ServiceException(e.reason(), "line " + startLine + ": " + e.detail());
            }
            values.put(name, value);
            position = next + 1;
            line++;
        }
        return values;
    }

    /** The first matching quote after which the rest of its line is blank or a comment, or -1. */
    private static int closingQuote(String text, int from, char quote) {
        int at = text.indexOf(quote, from);
        while (at >= 0) {
            int lineEnd = endOfLine(text, at + 1);
            String rest = text.substring(at + 1, lineEnd).strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                return at;
            }
            at = text.indexOf(quote, at + 1);
        }
        return -1;
    }

    private static String unescapeDouble(String inner) {
        if (inner.indexOf('\\') < 0) {
            return inner;
        }
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                char escaped = inner.charAt(i + 1);
                String replacement = switch (escaped) {
                    case 'n' -> "\n";
                    case 'r' -> "\r";
                    case 't' -> "\t";
                    case '"' -> "\"";
                    case '\\' -> "\\";
                    case '$' -> "$";
                    default -> null;
                };
                if (replacement != null) {
                    out.append(replacement);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String stripComment(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 || isBlank(raw.charAt(i - 1)))) {
                return raw.substring(0, i);
            }
        }
        return raw;
    }

    private static int endOfLine(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    private static int leadingSpace(String line) {
        int i = 0;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String quoteName(char quote) {
        return switch (quote) {
            case '\'' -> "single quote";
            case '"' -> "double quote";
            default -> "backtick";
        };
    }

    private static ServiceException bad(int line, String why) {
        return ServiceException.validation("line " + line + ": " + why);
    }
}
