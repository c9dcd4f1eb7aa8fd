package com.microenv.cli.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads dotenv text as {@code microenv variables upload} takes it: {@code NAME=value} lines, optional {@code export },
 * {@code #} comments, values bare, in single quotes (literal) or in double quotes with the escapes the API's
 * {@code env} format writes ({@code \\ \" \$ \n \r \t}); a double- or single-quoted value may span lines. So a file
 * from {@code variables download --format env} reads back to the same values.
 */
public final class Dotenv {

    /** A line that is not dotenv; the message names the line, never a value. */
    public static final class DotenvException extends IllegalArgumentException {

        DotenvException(int line, String problem) {
            super("line " + line + ": " + problem);
        }
    }

    private final String text;
    private int position;
    private int line = 1;

    private Dotenv(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The variables in order of appearance; a name given twice keeps its last value, as shells do. */
    public static Map<String, String> parse(String text) {
        return new Dotenv(text).parseAll();
    }

    private Map<String, String> parseAll() {
        Map<String, String> variables = new LinkedHashMap<>();
        while (position < text.length()) {
            skipBlanks();
            if (atEnd() || peek() == '\n' || peek() == '\r') {
                endOfLine();
                continue;
            }
            if (peek() == '#') {
                skipToEndOfLine();
                continue;
            }
            int nameLine = line;
            String name = name();
            if (name.equals("export") && !atEnd() && (peek() == ' ' || peek() == '\t')) {
                skipBlanks();
                name = name();
            }
            skipBlanks();
            if (atEnd() || peek() != '=') {
                throw new DotenvException(nameLine, "expected NAME=VALUE");
            }
            Names.variableNameProblem(name).ifPresent(problem -> {
                throw new DotenvException(nameLine, problem);
            });
            position++;
            skipBlanks();
            String value = value();
            skipBlanks();
            if (!atEnd() && peek() == '#') {
                skipToEndOfLine();
            } else if (!atEnd() && peek() != '\n' && peek() != '\r') {
                throw new DotenvException(line, "unexpected text after the value of " + name);
            }
            variables.put(name, value);
            endOfLine();
        }
        return variables;
    }

    private String name() {
        int start = position;
        while (!atEnd() && peek() != '=' && peek() != ' ' && peek() != '\t' && peek() != '\n' && peek() != '\r') {
            position++;
        }
        return text.substring(start, position);
    }

    private String value() {
        if (atEnd()) {
            return "";
        }
        char first = peek();
        if (first == '"') {
            return doubleQuoted();
        }
        if (first == '\'') {
            return singleQuoted();
        }
        int start = position;
        while (!atEnd() && peek() != '\n' && peek() != '\r'
                && !(peek() == '#' && position > start && (text.charAt(position - 1) == ' ' || text.charAt(position - 1) == '\t'))) {
            position++;
        }
        return text.substring(start, position).strip();
    }

    private String doubleQuoted() {
        int startLine = line;
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new DotenvException(startLine, "a double-quoted value is not closed");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\' || atEnd()) {
                value.append(c);
                continue;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case '"', '\\', '$', '\'' -> value.append(escaped);
                default -> value.append('\\').append(escaped);
            }
        }
    }

    private String singleQuoted() {
        int startLine = line;
        int close = text.indexOf('\'', position + 1);
        if (close < 0) {
            throw new DotenvException(startLine, "a single-quoted value is not closed");
        }
        String value = text.substring(position + 1, close);
        line += (int) value.chars().filter(c -> c == '\n').count();
        position = close + 1;
        return value;
    }

    private void skipBlanks() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            position++;
        }
    }

    private void skipToEndOfLine() {
        while (!atEnd() && peek() != '\n') {
            position++;
        }
        endOfLine();
    }

    private void endOfLine() {
        if (!atEnd() && peek() == '\r') {
            position++;
        }
        if (!atEnd() && peek() == '\n') {
            position++;
            line++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }
}
