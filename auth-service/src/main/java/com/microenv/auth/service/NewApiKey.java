package com.microenv.auth.service;

import java.time.Instant;
import java.util.List;

/**
 * What a client asks for when creating an API key (already shape-validated by the API layer).
 *
 * @param name         1-100 characters
 * @param permissions  non-empty subset of {@code read}, {@code write}, {@code admin}
 * @param environments environment names, or exactly {@code ["*"]} for all
 * @param expiresAt    optional expiry, in the future
 * @param allowedCidrs optional IPv4/IPv6 CIDRs the key may be used from (null = anywhere)
 */
public record NewApiKey(String name, List<String> permissions, List<String> environments, Instant expiresAt,
                        List<String> allowedCidrs) {
}
