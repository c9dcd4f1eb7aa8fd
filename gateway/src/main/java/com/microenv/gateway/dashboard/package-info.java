/**
 * The dashboard the gateway serves (docs/dashboard.md): server-rendered Qute pages under {@code /app/**} and
 * {@code /device}, a Quarkus OIDC code-flow session (client {@code microenv-dashboard}), and a client of the
 * public {@code /v1} API that goes through the gateway's own credential check, rate limit and token exchange
 * with the session's access token, so every rule of the API applies to the pages too.
 */
package com.microenv.gateway.dashboard;
