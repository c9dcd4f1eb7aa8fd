package com.microenv.auth.service;

import org.jose4j.jwt.JwtClaims;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A trust's claim rules: claim name → an exact value, or a simple glob where {@code *} matches any run of
 * characters (including none, and including {@code /}); every other character matches itself. All rules must
 * match. A string claim matches its value; a boolean or number matches its JSON text ({@code true}, {@code 42});
 * an array matches when one of its strings does; a missing claim never matches.
 */
public final class ClaimRules {

    /** Claims that name who the token is for; a trust needs a rule that pins one of them. */
    public static final List<String> PINNING_CLAIMS = List.of("sub", "repository", "project_path");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");
    private static final int MAX_RULES = 20;
    private static final int MAX_VALUE = 512;

    private ClaimRules() {
    }

    /** Checks names and values; the rules in their given order. 400 naming the bad rule. */
    public static Map<String, String> validate(Map<String, String> rules) {
        if (rules == null || rules.isEmpty()) {
            throw ServiceException.validation("claims must hold at least one rule, including one that pins "
                    + String.join(", ", PINNING_CLAIMS) + " (the identity allowed to log in)");
        }
        if (rules.size() > MAX_RULES) {
            throw ServiceException.validation("claims may hold at most " + MAX_RULES + " rules");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        rules.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw ServiceException.validation("claims: '" + RequestText.safe(name)
                        + "' is not a claim name (letters, digits, _ . -; at most 100)");
            }
            if (value == null || value.isBlank() || value.length() > MAX_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                throw ServiceException.validation("claims." + name + " must be a value or glob of 1 to " + MAX_VALUE
                        + " printable characters");
            }
            checked.put(name, value);
        });
        return checked;
    }

    /**
     * Whether the rules pin the identity: a rule on {@code sub}, {@code repository} or {@code project_path} whose
     * value is exact, or whose text before the first {@code *} names the owner completely (it holds a {@code /}
     * after at least one character, e.g. {@code acme/*}, {@code repo:acme/api:*}), or, for {@code sub}, a whole
     * Kubernetes namespace ({@code system:serviceaccount:payments:*}). A bare {@code *}, a glob starting with {@code *} or {@code repo:*}
     * do not pin: any repository in the world could match them.
     */
    public static boolean pins(Map<String, String> rules) {
        return rules.entrySet().stream().anyMatch(rule -> PINNING_CLAIMS.contains(rule.getKey()) && pinned(rule.getKey(), rule.getValue()));
    }

    static boolean pinned(String claim, String pattern) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return true;
        }
        String literal = pattern.substring(0, star);
        if (literal.indexOf('/') > 0) {
            return true;
        }
        return claim.equals("sub") && literal.matches("system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:");
    }

    /** Whether {@code value} matches the glob {@code pattern}. */
    public static boolean matches(String pattern, String value) {
        if (value == null) {
            return false;
        }
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** A rule the token does not match: {@code claim:<name>}, and a sentence for the admin. */
    public record Mismatch(String reason, String detail) {
    }

    /** The first rule the (verified) claims do not match; empty when all match. */
    public static Optional<Mismatch> firstMismatch(Map<String, String> rules, JwtClaims claims) {
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            Object value = claims.getClaimValue(rule.getKey());
            if (value == null) {
                return Optional.of(new Mismatch("claim:" + rule.getKey(), "the token has no '" + rule.getKey()
                        + "' claim; the rule wants '" + rule.getValue() + "'"));
            }
            if (!matchesClaim(rule.getValue(), value)) {
                return Optional.of(new Mismatch("claim:" + rule.getKey(), "the token's '" + rule.getKey() + "' is " + shown(value)
                        + "; the rule wants '" + rule.getValue() + "'"));
            }
        }
        return Optional.empty();
    }

    private static boolean matchesClaim(String pattern, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return matches(pattern, String.valueOf(value));
        }
        if (value instanceof Collection<?> values) {
            return values.stream().anyMatch(item -> (item instanceof String || item instanceof Boolean || item instanceof Number)
                    && matches(pattern, String.valueOf(item)));
        }
        return false;
    }

    private static String shown(Object value) {
        String text = value instanceof String s ? "'" + s + "'" : value instanceof Map<?, ?> ? "an object" : String.valueOf(value);
        text = text.replaceAll("\\p{Cntrl}", " ");
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
