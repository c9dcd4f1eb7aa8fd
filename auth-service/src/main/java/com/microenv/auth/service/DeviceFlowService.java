package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.auth.config.AuthConfig;
import com.microenv.auth.crypto.Hashes;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.persistence.DeviceAuthorizationEntity;
import com.microenv.auth.persistence.DeviceAuthorizationRepository;
import com.microenv.auth.persistence.UserRepository;
import com.microenv.auth.service.CliTokenService.IssuedCliToken;
import com.microenv.credential.CredentialFormat;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * MicroENV's own OAuth 2.0 device authorization grant (RFC 8628) for {@code microenv login}: the CLI asks for
 * a code, a signed-in user approves it (dashboard {@code /device} or the approve endpoint), the CLI's polls
 * get the RFC's answers and, once approved, a CLI token exactly once. Nothing listens on the CLI's machine.
 */
@ApplicationScoped
public class DeviceFlowService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SLOW_DOWN_STEP_SECONDS = 5;

    /** The answer to a device authorization request (RFC 8628 §3.2); the device code is shown only here. */
    public record Started(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
                          long expiresIn, int interval) {
        @Override
        public String toString() {
            return "Started[userCode=" + userCode + "]";
        }
    }

    /** What a poll decided inside its transaction (the poll's bookkeeping commits even when it is an error). */
    private record Polled(IssuedCliToken issued, OAuthError error) {
    }

    private final DeviceAuthorizationRepository devices;
    private final UserRepository users;
    private final CliTokenService cliTokens;
    private final AuditOutbox audit;
    private final AuthConfig config;

    public DeviceFlowService(DeviceAuthorizationRepository devices, UserRepository users, CliTokenService cliTokens,
                             AuditOutbox audit, AuthConfig config) {
        this.devices = devices;
        this.users = users;
        this.cliTokens = cliTokens;
        this.audit = audit;
        this.config = config;
    }

    /** Starts a login; {@code lifetimeSeconds} (optional) asks for a shorter-lived token than the default. */
    @WithTransaction
    public Uni<Started> start(String clientName, Long lifetimeSeconds, RequestContext request) {
        Duration lifetime = tokenLifetime(lifetimeSeconds);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String deviceCode = CredentialFormat.randomBase62(43, RANDOM);
        DeviceAuthorizationEntity row = new DeviceAuthorizationEntity();
        row.deviceCodeHash = Hashes.sha256Hex(deviceCode);
        row.userCode = UserCodes.generate(RANDOM);
        row.clientName = clientName == null || clientName.isBlank() ? null : RequestText.cut(clientName.strip(), 100);
        row.clientIp = request.clientIp();
        row.userAgent = request.userAgent();
        row.tokenLifetimeSeconds = lifetime.toSeconds();
        row.createdAt = now;
        row.expiresAt = now.plus(config.device().codeLifetime());
        row.intervalSeconds = (int) Math.max(1, config.device().interval().toSeconds());
        row.status = DeviceAuthorizationEntity.PENDING;
        String base = config.publicUrl().replaceAll("/+$", "");
        Map<String, String> details = new HashMap<>();
        details.put("tokenLifetimeSeconds", Long.toString(row.tokenLifetimeSeconds));
        if (row.clientName != null) {
            details.put("clientName", row.clientName);
        }
        return devices.persist(row)
                .chain(() -> audit.append(Audits.LOGIN_REQUESTED, "/auth/device",
                        new AuditData(null, null, null, null, null, null, "login.requested", AuditData.SUCCESS,
                                request.requestId(), request.clientIp(), request.userAgent(), null, details)))
                .replaceWith(new Started(deviceCode, UserCodes.display(row.userCode), base + "/device",
                        base + "/device?user_code=" + UserCodes.display(row.userCode),
                        config.device().codeLifetime().toSeconds(), row.intervalSeconds));
    }

    /** One poll of the token endpoint: the CLI token once approved, else an {@link OAuthError}. */
    public Uni<IssuedCliToken> poll(String deviceCode, RequestContext request) {
        if (deviceCode == null || deviceCode.isBlank() || deviceCode.length() > 128) {
            return Uni.createFrom().failure(new OAuthError(OAuthError.INVALID_REQUEST, "device_code is required", null));
        }
        String hash = Hashes.sha256Hex(deviceCode);
        return Panache.withTransaction(() -> pollLocked(hash, request)).map(polled -> {
            if (polled.error() != null) {
                throw polled.error();
            }
            return polled.issued();
        });
    }

    private Uni<Polled> pollLocked(String hash, RequestContext request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return devices.lockByDeviceCodeHash(hash).chain(row -> {
            if (row == null || DeviceAuthorizationEntity.CONSUMED.equals(row.status)) {
                return error(OAuthError.INVALID_GRANT, "The device code is unknown or was already used", null);
            }
            if (DeviceAuthorizationEntity.DENIED.equals(row.status)) {
                return error(OAuthError.ACCESS_DENIED, "The login was denied", null);
            }
            if (!row.expiresAt.isAfter(now)) {
                return error(OAuthError.EXPIRED_TOKEN, "The device code has expired; start the login again", null);
            }
            Instant previous = row.lastPolledAt;
            row.lastPolledAt = now;
            if (DeviceAuthorizationEntity.PENDING.equals(row.status)) {
                if (previous != null && previous.plusSeconds(row.intervalSeconds).isAfter(now)) {
                    row.intervalSeconds += SLOW_DOWN_STEP_SECONDS;
                    return error(OAuthError.SLOW_DOWN, "Polling too fast: wait at least " + row.intervalSeconds
                            + " s between requests", row.intervalSeconds);
                }
                return error(OAuthError.AUTHORIZATION_PENDING, "Waiting for the user to approve the login", row.intervalSeconds);
            }
            // Approved: hand the token over exactly once.
            row.status = DeviceAuthorizationEntity.CONSUMED;
            String ip = request.clientIp() != null ? request.clientIp() : row.clientIp;
            return cliTokens.issue(row.userId, row.clientName, ip, Duration.ofSeconds(row.tokenLifetimeSeconds))
                    .chain(issued -> {
                        row.cliTokenId = issued.entity().id;
                        return users.findById(row.userId).chain(user -> audit.append(Audits.LOGIN_COMPLETED,
                                        "/users/" + row.userId + "/cli-tokens/" + issued.entity().id,
                                        new AuditData(row.userId, user == null ? null : user.displayName(), issued.entity().id,
                                                "cli_token", null, null, "login.completed", AuditData.SUCCESS,
                                                request.requestId(), ip, request.userAgent(), null,
                                                Map.of("tokenId", issued.entity().id,
                                                        "expiresAt", issued.entity().expiresAt.toString(),
                                                        "clientName", row.clientName == null ? "" : row.clientName))))
                                .replaceWith(new Polled(issued, null));
                    });
        });
    }

    /** What is being approved: client name, requesting IP, when; for a signed-in user. */
    @WithSession
    public Uni<DeviceAuthorizationEntity> pending(Caller caller, String userCodeText) {
        requireUser(caller);
        String userCode = requireCode(userCodeText);
        return devices.findByUserCode(userCode).map(row -> {
            if (row == null || !row.expiresAt.isAfter(Instant.now())) {
                throw ServiceException.notFound("No login is waiting for this code (it may have expired)");
            }
            return row;
        });
    }

    /** Approves or denies a pending login, as the signed-in user. */
    @WithTransaction
    public Uni<DeviceAuthorizationEntity> decide(Caller caller, String userCodeText, boolean approve, RequestContext request) {
        requireUser(caller);
        String userCode = requireCode(userCodeText);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return devices.lockByUserCode(userCode).chain(row -> {
            if (row == null || !row.expiresAt.isAfter(now)) {
                throw ServiceException.notFound("No login is waiting for this code (it may have expired)");
            }
            if (!DeviceAuthorizationEntity.PENDING.equals(row.status)) {
                throw ServiceException.conflict("This login was already " + ("denied".equals(row.status) ? "denied" : "approved"));
            }
            row.status = approve ? DeviceAuthorizationEntity.APPROVED : DeviceAuthorizationEntity.DENIED;
            row.userId = caller.subject();
            row.decidedAt = now;
            Map<String, String> details = new HashMap<>();
            details.put("requestedFrom", row.clientIp == null ? "" : row.clientIp);
            if (row.clientName != null) {
                details.put("clientName", row.clientName);
            }
            return audit.append(approve ? Audits.LOGIN_APPROVED : Audits.LOGIN_DENIED, "/auth/device",
                            Audits.success(caller, null, approve ? "login.approved" : "login.denied", request, details))
                    .replaceWith(row);
        });
    }

    private Duration tokenLifetime(Long seconds) {
        if (seconds == null) {
            return config.cliTokens().defaultLifetime();
        }
        if (seconds < 60) {
            throw ServiceException.validation("token_lifetime must be at least 60 seconds");
        }
        Duration asked = Duration.ofSeconds(seconds);
        Duration max = config.cliTokens().maxLifetime();
        return asked.compareTo(max) > 0 ? max : asked;
    }

    private static void requireUser(Caller caller) {
        if (!caller.isUser()) {
            throw ServiceException.forbidden("Approving a login needs a signed-in user (the dashboard or a Keycloak token), not a "
                    + caller.credentialKind().replace('_', ' '));
        }
    }

    private static String requireCode(String text) {
        return UserCodes.normalise(text).orElseThrow(() ->
                ServiceException.validation("user_code must be 8 letters from " + UserCodes.ALPHABET + ", e.g. BCDF-GHJK"));
    }

    private static Uni<Polled> error(String code, String description, Integer interval) {
        return Uni.createFrom().item(new Polled(null, new OAuthError(code, description, interval)));
    }
}
