package com.microenv.secrets.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microenv.secrets.service.Background;
import com.microenv.secrets.service.ProjectShredder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumes {@code microenv.credentials.v1} (durable group {@code microenv-secrets-service}, docs/contracts.md) and
 * crypto-shreds a project on {@code project.deleted}. Other types are ignored (each logged once).
 */
@ApplicationScoped
public class CredentialEventConsumer {

    /** The channel configured in application.properties. */
    public static final String CHANNEL = "credential-events";
    static final String PROJECT_DELETED = "project.deleted";

    private static final Logger LOG = Logger.getLogger(CredentialEventConsumer.class);

    private final ObjectMapper json;
    private final ProjectShredder shredder;
    private final Background background;
    private final Set<String> ignoredTypes = ConcurrentHashMap.newKeySet();

    public CredentialEventConsumer(ObjectMapper json, ProjectShredder shredder, Background background) {
        this.json = json;
        this.shredder = shredder;
        this.background = background;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            LOG.warn("ignoring a credential event that is not JSON");
            return Uni.createFrom().voidItem();
        }
        String type = event == null ? null : event.path("type").asText(null);
        if (!PROJECT_DELETED.equals(type)) {
            if (type != null && !type.startsWith("credential.") && !type.equals("member.changed") && ignoredTypes.add(type)) {
                LOG.infof("ignoring credential events of unknown type %s", type);
            }
            return Uni.createFrom().voidItem();
        }
        UUID projectId;
        try {
            projectId = UUID.fromString(event.path("projectId").asText(""));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring project.deleted event %s without a valid projectId", event.path("id").asText("?"));
            return Uni.createFrom().voidItem();
        }
        String eventId = event.path("id").asText(null);
        return background.run(() -> shredder.shred(projectId, eventId))
                .onFailure().invoke(failure -> LOG.warnf("shredding project %s failed, retrying: %s", projectId,
                        failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(30)
                .onFailure().invoke(failure -> LOG.errorf("shredding project %s (event %s) failed for good; "
                        + "re-deliver the event or shred it by hand", projectId, eventId));
    }
}
