package com.microenv.auth.service;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claim rules of OIDC trusts: exact values, {@code *} globs, pinning, and the mismatch an admin is shown. */
class ClaimRulesTest {

    @Test
    void globsMatchAnyRunOfCharactersAndNothingElseIsSpecial() {
        assertThat(ClaimRules.matches("refs/heads/*", "refs/heads/feature/x")).isTrue();
        assertThat(ClaimRules.matches("refs/heads/*", "refs/heads/")).isTrue();
        assertThat(ClaimRules.matches("refs/heads/*", "refs/tags/v1")).isFalse();
        assertThat(ClaimRules.matches("acme/*-api", "acme/payments-api")).isTrue();
        assertThat(ClaimRules.matches("acme/api", "acme/api2")).isFalse();
        assertThat(ClaimRules.matches("a.c", "abc")).as("a dot is a dot").isFalse();
        assertThat(ClaimRules.matches("(x)+[y]?", "(x)+[y]?")).isTrue();
        assertThat(ClaimRules.matches("*", "")).isTrue();
        assertThat(ClaimRules.matches("*", null)).isFalse();
        assertThat(ClaimRules.matches("*-api", "acme/payments-api")).as("a leading star").isTrue();
        assertThat(ClaimRules.matches("*-api", "acme/payments-apix")).isFalse();
    }

    @Property
    void aValueMatchesEveryGlobMadeFromItByStarringAPart(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String value,
                                                         @ForAll @IntRange(min = 0, max = 30) int from,
                                                         @ForAll @IntRange(min = 0, max = 30) int length) {
        int start = Math.min(from, value.length());
        int end = Math.min(value.length(), start + length);
        String glob = value.substring(0, start) + "*" + value.substring(end);
        assertThat(ClaimRules.matches(glob, value)).isTrue();
        assertThat(ClaimRules.matches(value, value)).isTrue();
        assertThat(ClaimRules.matches(value, value + "x")).isFalse();
    }

    @Test
    void onlyRulesNamingTheOwnerPinTheIdentity() {
        for (Map<String, String> pinned : List.of(Map.of("repository", "acme/api"), Map.of("repository", "acme/*"),
                Map.of("project_path", "group/sub/*"), Map.of("sub", "repo:acme/api:ref:refs/heads/main"),
                Map.of("sub", "repo:acme/*"), Map.of("sub", "system:serviceaccount:payments:api"),
                Map.of("sub", "system:serviceaccount:payments:*"))) {
            assertThat(ClaimRules.pins(pinned)).as("%s pins", pinned).isTrue();
        }
        for (Map<String, String> open : List.of(Map.of("repository", "*"), Map.of("repository", "*/api"),
                Map.of("repository", "acme*"), Map.of("sub", "repo:*"), Map.of("sub", "system:serviceaccount:*"),
                Map.of("ref", "refs/heads/main"), Map.of("repository_owner", "acme"), Map.of("repository", "/*"))) {
            assertThat(ClaimRules.pins(open)).as("%s does not pin", open).isFalse();
        }
    }

    @Test
    void badRulesAreValidationErrorsNamingThem() {
        assertThatThrownBy(() -> ClaimRules.validate(Map.of())).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> ClaimRules.validate(Map.of("bad name", "x"))).hasMessageContaining("is not a claim name");
        Map<String, String> blank = new LinkedHashMap<>();
        blank.put("ref", " ");
        assertThatThrownBy(() -> ClaimRules.validate(blank)).hasMessageContaining("claims.ref");
    }

    @Test
    void theFirstMismatchSaysWhatWasSeenAndWhatTheRuleWants() {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("repository", "acme/api");
        claims.setClaim("ref", "refs/heads/dev");
        claims.setClaim("ref_protected", true);
        claims.setStringListClaim("groups", "a", "b");
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("repository", "acme/*");
        rules.put("ref_protected", "true");
        rules.put("groups", "b");
        assertThat(ClaimRules.firstMismatch(rules, claims)).isEmpty();
        rules.put("ref", "refs/heads/main");
        var mismatch = ClaimRules.firstMismatch(rules, claims).orElseThrow();
        assertThat(mismatch.reason()).isEqualTo("claim:ref");
        assertThat(mismatch.detail()).contains("'refs/heads/dev'").contains("'refs/heads/main'");
        rules.put("environment", "production");
        rules.remove("ref");
        assertThat(ClaimRules.firstMismatch(rules, claims).orElseThrow().detail()).contains("has no 'environment' claim");
    }
}
