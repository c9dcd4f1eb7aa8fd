package com.microenv.auth.service;

import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.events.CredentialEvent;
import com.microenv.auth.persistence.InvitationEntity;
import com.microenv.auth.persistence.InvitationRepository;
import com.microenv.auth.persistence.MembershipEntity;
import com.microenv.auth.persistence.MembershipRepository;
import com.microenv.auth.persistence.Role;
import com.microenv.auth.persistence.UserEntity;
import com.microenv.auth.persistence.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Members of a project and invitations. Managing members needs {@code admin} (owner or admin role, by a
 * person); only an owner may grant, demote or remove an owner; the last owner can neither leave nor be
 * demoted. Every change is serialised per project by locking the project row.
 */
@ApplicationScoped
public class MemberService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");

    /** A member or a pending invitation, as the API lists them. */
    public record Member(String userId, String email, String name, Role role, String status, Instant since) {
        public static final String ACTIVE = "active";
        public static final String INVITED = "invited";
    }

    private final MembershipRepository memberships;
    private final InvitationRepository invitations;
    private final UserRepository users;
    private final ProjectAccess access;
    private final ApiKeyService apiKeys;
    private final AuditOutbox audit;

    public MemberService(MembershipRepository memberships, InvitationRepository invitations, UserRepository users,
                         ProjectAccess access, ApiKeyService apiKeys, AuditOutbox audit) {
        this.memberships = memberships;
        this.invitations = invitations;
        this.users = users;
        this.access = access;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    /** Members then pending invitations; any member may look. */
    @WithSession
    public Uni<List<Member>> list(Caller caller, String projectIdText) {
        UUID projectId = ProjectIds.require(projectIdText);
        return access.of(caller, projectId)
                .chain(() -> memberships.listByProject(projectId))
                .chain(members -> users.findByIds(members.stream().map(m -> m.userId).toList()).chain(known -> {
                    Map<String, UserEntity> byId = known.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                    List<Member> out = new ArrayList<>();
                    for (MembershipEntity m : members) {
                        UserEntity user = byId.get(m.userId);
                        out.add(new Member(m.userId, user == null ? null : user.email, user == null ? null : user.name,
                                m.role, Member.ACTIVE, m.createdAt));
                    }
                    return invitations.listByProject(projectId).map(pending -> {
                        pending.forEach(i -> out.add(new Member(null, i.email, null, i.role, Member.INVITED, i.createdAt)));
                        return out;
                    });
                }));
    }

    /** Adds a known (verified) user at once, or invites the email until its first verified sign-in. */
    @WithTransaction
    public Uni<Member> add(Caller caller, String projectIdText, String emailText, Role role, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        String email = normaliseEmail(emailText);
        return managed(caller, projectId).chain(granted -> {
            if (role == Role.owner && !granted.isOwner()) {
                throw ServiceException.forbidden("Only an owner may make someone an owner");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return users.findVerifiedByEmail(email).chain(user -> {
                if (user != null) {
                    return memberships.find(projectId, user.id).chain(existing -> {
                        if (existing != null) {
                            throw ServiceException.conflict(email + " is already a member (role " + existing.role + ")");
                        }
                        MembershipEntity m = new MembershipEntity();
                        m.projectId = projectId;
                        m.userId = user.id;
                        m.role = role;
                        m.createdAt = now;
                        return memberships.persist(m)
                                .chain(() -> audit.append(Audits.MEMBER_ADDED, subject(projectId, user.id),
                                        Audits.success(caller, projectId, "member.added", context,
                                                Map.of("userId", user.id, "email", email, "role", role.name()))))
                                .replaceWith(new Member(user.id, user.email, user.name, role, Member.ACTIVE, now));
                    });
                }
                return invitations.findById(new InvitationEntity.Key(projectId, email)).chain(existing -> {
                    if (existing != null) {
                        throw ServiceException.conflict(email + " is already invited (role " + existing.role + ")");
                    }
                    InvitationEntity invitation = new InvitationEntity();
                    invitation.projectId = projectId;
                    invitation.email = email;
                    invitation.role = role;
                    invitation.invitedBy = caller.subject();
                    invitation.createdAt = now;
                    return invitations.persist(invitation)
                            .chain(() -> audit.append(Audits.MEMBER_INVITED, "/projects/" + projectId + "/members",
                                    Audits.success(caller, projectId, "member.invited", context,
                                            Map.of("email", email, "role", role.name()))))
                            .replaceWith(new Member(null, email, null, role, Member.INVITED, now));
                });
            });
        });
    }

    /** Withdraws a pending invitation. */
    @WithTransaction
    public Uni<Void> cancelInvitation(Caller caller, String projectIdText, String emailText, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        String email = normaliseEmail(emailText);
        return managed(caller, projectId)
                .chain(granted -> invitations.findById(new InvitationEntity.Key(projectId, email)).chain(invitation -> {
                    if (invitation == null) {
                        throw ServiceException.notFound("No pending invitation for " + email);
                    }
                    if (invitation.role == Role.owner && !granted.isOwner()) {
                        throw ServiceException.forbidden("Only an owner may withdraw an owner invitation");
                    }
                    return invitations.delete(invitation)
                            .chain(() -> audit.append(Audits.MEMBER_REMOVED, "/projects/" + projectId + "/members",
                                    Audits.success(caller, projectId, "member.removed", context,
                                            Map.of("email", email, "invitation", "withdrawn"))));
                }))
                .replaceWithVoid();
    }

    /** Changes a member's role; keys of the member that exceed the new role are revoked. */
    @WithTransaction
    public Uni<Member> changeRole(Caller caller, String projectIdText, String userId, Role role, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        return managed(caller, projectId).chain(granted -> member(projectId, userId).chain(target -> {
            if ((target.role == Role.owner || role == Role.owner) && !granted.isOwner()) {
                throw ServiceException.forbidden("Only an owner may grant or take away the owner role");
            }
            if (target.role == role) {
                return toMember(target);
            }
            Role before = target.role;
            return lastOwnerCheck(projectId, target, "demoted").chain(() -> {
                target.role = role;
                return apiKeys.revokeBeyondRole(caller, projectId, userId, role, context)
                        .chain(revoked -> audit.append(Audits.MEMBER_ROLE_CHANGED, subject(projectId, userId),
                                Audits.success(caller, projectId, "member.role_changed", context,
                                        Map.of("userId", userId, "from", before.name(), "to", role.name(),
                                                "revokedKeys", String.join(",", revoked)))))
                        .chain(() -> audit.appendCredential(CredentialEvent.memberChanged(projectId.toString(), userId,
                                CredentialEvent.REASON_ROLE_CHANGED)))
                        .chain(() -> toMember(target));
            });
        }));
    }

    /** Removes a member (anyone may leave; removing others needs admin, removing an owner needs an owner). */
    @WithTransaction
    public Uni<Void> remove(Caller caller, String projectIdText, String userId, RequestContext context) {
        UUID projectId = ProjectIds.require(projectIdText);
        boolean leaving = caller.isPerson() && caller.subject().equals(userId);
        Uni<ProjectAccess.Access> allowed = leaving ? access.lockedOf(caller, projectId) : managed(caller, projectId);
        return allowed.chain(granted -> member(projectId, userId).chain(target -> {
            if (!leaving && target.role == Role.owner && !granted.isOwner()) {
                throw ServiceException.forbidden("Only an owner may remove an owner");
            }
            return lastOwnerCheck(projectId, target, leaving ? "leave" : "removed")
                    .chain(() -> memberships.delete(target))
                    .chain(() -> apiKeys.revokeBeyondRole(caller, projectId, userId, null, context))
                    .chain(revoked -> audit.append(Audits.MEMBER_REMOVED, subject(projectId, userId),
                            Audits.success(caller, projectId, "member.removed", context,
                                    Map.of("userId", userId, "role", target.role.name(), "left", Boolean.toString(leaving),
                                            "revokedKeys", String.join(",", revoked)))))
                    .chain(() -> audit.appendCredential(CredentialEvent.memberChanged(projectId.toString(), userId,
                            CredentialEvent.REASON_REMOVED)));
        })).replaceWithVoid();
    }

    private Uni<ProjectAccess.Access> managed(Caller caller, UUID projectId) {
        caller.requirePerson("Managing members");
        return access.lockedOf(caller, projectId).map(granted -> {
            if (!granted.has("admin")) {
                throw ServiceException.forbidden("Managing members needs the owner or admin role (yours is " + granted.role() + ")");
            }
            return granted;
        });
    }

    private Uni<MembershipEntity> member(UUID projectId, String userId) {
        return memberships.find(projectId, userId == null ? "" : userId).map(m -> {
            if (m == null) {
                throw ServiceException.notFound("No member '" + RequestText.safe(userId) + "' in project " + projectId);
            }
            return m;
        });
    }

    private Uni<Void> lastOwnerCheck(UUID projectId, MembershipEntity target, String verb) {
        if (target.role != Role.owner) {
            return Uni.createFrom().voidItem();
        }
        return memberships.countOwners(projectId).invoke(owners -> {
            if (owners <= 1) {
                throw ServiceException.conflict("The last owner cannot " + ("leave".equals(verb) ? "leave" : "be " + verb)
                        + ": make another member an owner first");
            }
        }).replaceWithVoid();
    }

    private Uni<Member> toMember(MembershipEntity m) {
        return users.findById(m.userId).map(user -> new Member(m.userId, user == null ? null : user.email,
                user == null ? null : user.name, m.role, Member.ACTIVE, m.createdAt));
    }

    private static String subject(UUID projectId, String userId) {
        return "/projects/" + projectId + "/members/" + userId;
    }

    static String normaliseEmail(String email) {
        String value = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(value).matches()) {
            throw ServiceException.validation("email must be an email address");
        }
        return value;
    }
}
