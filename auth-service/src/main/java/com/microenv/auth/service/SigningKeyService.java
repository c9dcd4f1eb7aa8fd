package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditEvent;
import com.microenv.audit.event.AuditEventCodec;
import com.microenv.auth.crypto.SigningKeyManager;
import com.microenv.auth.events.AuditOutbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;

/** Rotation of the key that signs internal JWTs, audited as {@code signingkey.rotated}. */
@ApplicationScoped
public class SigningKeyService {

    private final SigningKeyManager manager;

    public SigningKeyService(SigningKeyManager manager) {
        this.manager = manager;
    }

    public Uni<SigningKeyManager.Rotated> rotate(String operator, RequestContext request) {
        return manager.rotate(kid -> {
            AuditEvent event = AuditEvent.of(AuditOutbox.SERVICE, Audits.SIGNING_KEY_ROTATED, "/signing-keys/" + kid,
                    new AuditData(operator, operator, null, "service", null, null, "signingkey.rotated", AuditData.SUCCESS,
                            request.requestId(), request.clientIp(), request.userAgent(), null, Map.of("kid", kid)));
            return new Object[]{UUID.fromString(event.id()), AuditEvent.TOPIC, null, AuditEventCodec.toJson(event)};
        });
    }
}
