package com.microenv.auth.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The common outside issuers, so a trust is one call: each preset gives the issuer (when it is the same for
 * everyone) and the claims its tokens carry; a rule on any other claim is refused as a likely typo.
 */
public final class TrustPresets {

    /**
     * @param name          the preset's name in requests
     * @param issuer        the issuer, or null when each installation has its own (Kubernetes: the cluster's)
     * @param claims        the claims rules may name
     * @param issuerHint    what to put as issuer when there is no default
     */
    public record Preset(String name, String issuer, List<String> claims, String issuerHint) {
    }

    public static final String DEFAULT_AUDIENCE = "microenv";

    private static final Map<String, Preset> PRESETS = Map.of(
            "github-actions", new Preset("github-actions", "https://token.actions.githubusercontent.com",
                    List.of("sub", "repository", "repository_owner", "repository_id", "repository_owner_id", "ref", "ref_type",
                            "environment", "workflow", "workflow_ref", "job_workflow_ref", "event_name", "actor",
                            "runner_environment"), null),
            "gitlab-ci", new Preset("gitlab-ci", "https://gitlab.com",
                    List.of("sub", "project_path", "project_id", "namespace_path", "namespace_id", "ref", "ref_type",
                            "ref_protected", "environment", "environment_protected", "pipeline_source", "user_login"),
                    null),
            "kubernetes", new Preset("kubernetes", null, List.of("sub"),
                    "the cluster's service-account issuer (kubectl get --raw /.well-known/openid-configuration | jq -r .issuer)"));

    private TrustPresets() {
    }

    public static Optional<Preset> find(String name) {
        return Optional.ofNullable(name == null ? null : PRESETS.get(name));
    }

    public static List<String> names() {
        return PRESETS.keySet().stream().sorted().toList();
    }
}
