package com.microenv.auth.service;

import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.persistence.InvitationRepository;
import com.microenv.auth.service.KeycloakUserVerifier.KeycloakUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * Users come from Keycloak: the first exchange of a user's token records them (id, email, name), later ones
 * refresh what changed. A verified email turns that email's pending invitations into memberships.
 */
@ApplicationScoped
public class UserService {

    private final InvitationRepository invitations;
    private final AuditOutbox audit;

    public UserService(InvitationRepository invitations, AuditOutbox audit) {
        this.invitations = invitations;
        this.audit = audit;
    }

    /** Records or refreshes the user and accepts their invitations; must run inside a transaction. */
    public Uni<Void> signedIn(KeycloakUser user, RequestContext request) {
        String email = user.email() == null ? null : user.email().strip().toLowerCase(Locale.ROOT);
        String name = user.name() == null ? null : RequestText.cut(user.name(), 255);
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        Uni<Integer> upsert = Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into users (id, email, email_verified, name, platform_roles, created_at, updated_at)"
                                + " values (:id, :email, :verified, :name, :roles, :now, :now)"
                                + " on conflict (id) do update set email = excluded.email, email_verified = excluded.email_verified,"
                                + " name = excluded.name, platform_roles = excluded.platform_roles, updated_at = excluded.updated_at"
                                + " where users.email is distinct from excluded.email"
                                + " or users.email_verified <> excluded.email_verified"
                                + " or users.name is distinct from excluded.name"
                                + " or users.platform_roles <> excluded.platform_roles")
                .setParameter("id", user.userId())
                .setParameter("email", email)
                .setParameter("verified", user.emailVerified())
                .setParameter("name", name)
                .setParameter("roles", String.join(",", user.platformRoles()))
                .setParameter("now", now)
                .executeUpdate());
        if (email == null || !user.emailVerified()) {
            return upsert.replaceWithVoid();
        }
        return upsert.chain(() -> invitations.listByEmail(email)).chain(pending -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var invitation : pending) {
                chain = chain
                        .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                        "insert into memberships (project_id, user_id, role, created_at) values (:p, :u, :r, :now)"
                                                + " on conflict do nothing")
                                .setParameter("p", invitation.projectId)
                                .setParameter("u", user.userId())
                                .setParameter("r", invitation.role.name())
                                .setParameter("now", now)
                                .executeUpdate()))
                        .chain(() -> invitations.delete(invitation))
                        .chain(() -> audit.append(Audits.MEMBER_ADDED,
                                "/projects/" + invitation.projectId + "/members/" + user.userId(),
                                Audits.bySystem(user.userId(), email, invitation.projectId.toString(), "member.added",
                                        com.microenv.audit.event.AuditData.SUCCESS, request,
                                        Map.of("userId", user.userId(), "email", email, "role", invitation.role.name(),
                                                "invitedBy", invitation.invitedBy, "via", "invitation"))))
                        .replaceWithVoid();
            }
            return chain;
        });
    }
}
