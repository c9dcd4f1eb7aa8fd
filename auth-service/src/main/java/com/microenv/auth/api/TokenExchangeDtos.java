package com.microenv.auth.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request and response bodies of {@code /internal/v1/token-exchange} (docs/contracts.md). */
public final class TokenExchangeDtos {

    private TokenExchangeDtos() {
    }

    /** The credential to exchange, the target project (or null), and the end client's address. */
    public record TokenExchangeRequest(
            @NotBlank(message = "must not be blank") @Size(max = 16384, message = "is too long") String credential,
            String projectId,
            @Size(max = 64, message = "must be at most 64 characters") String clientIp) {

        @Override
        public String toString() {
            return "TokenExchangeRequest[projectId=" + projectId + "]";
        }
    }

    /** {@code allowedCidrs} is null for a credential usable from any address (serialised as null). */
    public record TokenExchangeResponse(String token, long expiresIn, String credentialId, String subject,
                                        java.util.List<String> allowedCidrs) {
        @Override
        public String toString() {
            return "TokenExchangeResponse[credentialId=" + credentialId + "]";
        }
    }
}
