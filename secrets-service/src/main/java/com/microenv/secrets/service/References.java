package com.microenv.secrets.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References inside values: {@code ${NAME}} names a variable of the same environment, {@code ${environment.NAME}}
 * one of another environment of the project. {@code $${} writes a literal {@code ${}. Anything else between
 * {@code ${} and {@code }} (such as {@code ${lower}} or {@code ${A:-b}}) is not a reference and stays as written.
 */
public final class References {

    /** How many references deep a value may go (A → B → C is depth 2). */
    public static final int MAX_DEPTH = 8;

    private static final Pattern BODY = Pattern.compile("^(?:([a-z0-9][a-z0-9_-]{0,63})\\.)?([A-Z_][A-Z0-9_]{0,255})$");

    private References() {
    }

    /** A referenced variable. */
    public record Ref(String environment, String name) {
        @Override
        public String toString() {
            return environment + "." + name;
        }
    }

    /** Why a value cannot be resolved; the message names variables, never values. */
    public static final class ReferenceException extends RuntimeException {
        public enum Kind { CYCLE, MISSING, TOO_DEEP, FORBIDDEN }

        private final Kind kind;

        ReferenceException(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** True when the value may contain a reference or an escape (the cheap test the read path makes first). */
    public static boolean mayContain(String value) {
        return value.indexOf("${") >= 0;
    }

    /** The references a value makes, in order, resolved against its own environment. */
    public static List<Ref> parse(String environment, String value) {
        List<Ref> refs = new ArrayList<>();
        scan(environment, value, refs, null);
        return refs;
    }

    /**
     * Substitutes references in a value. Values of all environments involved must be in {@code values}
     * (environment → name → raw value).
     *
     * @param mayRead whether the reader may read an environment; a reference into one it may not is refused
     * @param used    collects every reference followed (for the audit event)
     */
    public static String resolve(Ref root, Map<String, ? extends Map<String, String>> values, Predicate<String> mayRead,
                                 Set<Ref> used) {
        String raw = lookup(values, root, root);
        return expand(root, raw, values, mayRead, used, new ArrayList<>(List.of(root)));
    }

    /**
     * Looks for a cycle that starts and ends at {@code root}, or a chain deeper than {@link #MAX_DEPTH}. Missing
     * variables end a chain without error (they may be created later).
     *
     * @return the cycle as {@code env.A → env.B → env.A}, or null
     * @throws ReferenceException TOO_DEEP
     */
    public static String findCycle(Ref root, Map<String, ? extends Map<String, String>> values) {
        List<Ref> path = new ArrayList<>();
        path.add(root);
        return walk(root, values, path, new LinkedHashSet<>());
    }

    private static String walk(Ref at, Map<String, ? extends Map<String, String>> values, List<Ref> path,
                               Set<Ref> done) {
        Map<String, String> environment = values.get(at.environment());
        String raw = environment == null ? null : environment.get(at.name());
        if (raw == null || !mayContain(raw) || done.contains(at)) {
            return null;
        }
        for (Ref next : parse(at.environment(), raw)) {
            int seen = path.indexOf(next);
            if (seen >= 0) {
                List<String> cycle = new ArrayList<>();
                for (Ref ref : path.subList(seen, path.size())) {
                    cycle.add(ref.toString());
                }
                cycle.add(next.toString());
                return String.join(" → ", cycle);
            }
            if (path.size() > MAX_DEPTH) {
                throw new ReferenceException(ReferenceException.Kind.TOO_DEEP, "references of " + path.get(0)
                        + " go deeper than " + MAX_DEPTH + " levels");
            }
            path.add(next);
            String cycle = walk(next, values, path, done);
            path.remove(path.size() - 1);
            if (cycle != null) {
                return cycle;
            }
        }
        done.add(at);
        return null;
    }

    private static String expand(Ref at, String raw, Map<String, ? extends Map<String, String>> values,
                                 Predicate<String> mayRead, Set<Ref> used, List<Ref> path) {
        if (!mayContain(raw)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        scan(at.environment(), raw, null, new Sink() {
            @Override
            public void text(CharSequence text) {
                out.append(text);
            }

            @Override
            public void reference(Ref ref) {
                if (path.contains(ref)) {
                    throw new ReferenceException(ReferenceException.Kind.CYCLE, "references form a cycle at " + ref);
                }
                if (path.size() > MAX_DEPTH) {
                    throw new ReferenceException(ReferenceException.Kind.TOO_DEEP, "references of " + path.get(0)
                            + " go deeper than " + MAX_DEPTH + " levels");
                }
                if (!ref.environment().equals(path.get(0).environment()) && !mayRead.test(ref.environment())) {
                    throw new ReferenceException(ReferenceException.Kind.FORBIDDEN, path.get(path.size() - 1)
                            + " references " + ref + ", but the token does not grant reading environment "
                            + ref.environment());
                }
                used.add(ref);
                path.add(ref);
                out.append(expand(ref, lookup(values, ref, path.get(path.size() - 2)), values, mayRead, used, path));
                path.remove(path.size() - 1);
            }
        });
        return out.toString();
    }

    private static String lookup(Map<String, ? extends Map<String, String>> values, Ref ref, Ref from) {
        Map<String, String> environment = values.get(ref.environment());
        String raw = environment == null ? null : environment.get(ref.name());
        if (raw == null) {
            throw new ReferenceException(ReferenceException.Kind.MISSING, from + " references " + ref
                    + ", which does not exist");
        }
        return raw;
    }

    private interface Sink {
        void text(CharSequence text);

        void reference(Ref ref);
    }

    private static void scan(String environment, String value, List<Ref> refs, Sink sink) {
        int i = 0;
        int length = value.length();
        while (i < length) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                if (sink != null) {
                    sink.text(value.subSequence(i, length));
                }
                return;
            }
            if (start > i && value.charAt(start - 1) == '$') {
                // "$${" is a literal "${"
                if (sink != null) {
                    sink.text(value.subSequence(i, start - 1));
                    sink.text("${");
                }
                i = start + 2;
                continue;
            }
            int end = value.indexOf('}', start + 2);
            Matcher body = end < 0 ? null : BODY.matcher(value.substring(start + 2, end));
            if (body == null || !body.matches()) {
                if (sink != null) {
                    sink.text(value.subSequence(i, start + 2));
                }
                i = start + 2;
                continue;
            }
            Ref ref = new Ref(body.group(1) != null ? body.group(1) : environment, body.group(2));
            if (sink != null) {
                sink.text(value.subSequence(i, start));
                sink.reference(ref);
            }
            if (refs != null) {
                refs.add(ref);
            }
            i = end + 1;
        }
    }
}
