package com.microenv.secrets.api;

import com.microenv.secrets.config.SecretsConfig;
import com.microenv.secrets.service.KekRotation;
import com.microenv.secrets.service.ServiceException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Operator endpoints, never routed by the gateway: KEK rotation. They need {@code Authorization: Bearer
 * <MICROENV_SECRETS_ADMIN_TOKEN>}; without that setting they do not exist (404).
 */
@Path("/internal/v1/kek-rotation")
public class InternalResource {

    private static final Logger LOG = Logger.getLogger(InternalResource.class);

    private final KekRotation rotation;
    private final Optional<String> adminToken;
    private final boolean rotateOnStart;

    public InternalResource(KekRotation rotation, SecretsConfig config) {
        this.rotation = rotation;
        this.adminToken = config.admin().token().filter(token -> !token.isBlank());
        this.rotateOnStart = config.crypto().rotateOnStart();
    }

    /** Resumes an interrupted rotation (or finishes one a new KEK started) as soon as the service is up. */
    void onStart(@Observes StartupEvent event) {
        if (rotateOnStart) {
            rotation.start();
        }
    }

    /** {@code {"currentKekId","keysByKek":{id:count},"remaining","running","rewrapped"}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<KekRotation.Progress> progress(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireAdmin(authorization);
        return rotation.progress();
    }

    /** Starts re-wrapping every data key under the current KEK (202), in the background; GET reports progress. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireAdmin(authorization);
        boolean started = rotation.start();
        LOG.infof("KEK rotation requested by an operator (%s)", started ? "started" : "already running");
        return rotation.progress().map(progress -> Response.accepted(progress).build());
    }

    private void requireAdmin(String authorization) {
        if (adminToken.isEmpty()) {
            throw ServiceException.notFound("no such resource");
        }
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                adminToken.get().getBytes(StandardCharsets.UTF_8))) {
            throw ServiceException.forbidden("operator endpoints need the admin token");
        }
    }
}
