package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditTypes;
import com.microenv.auth.events.AuditOutbox;
import com.microenv.auth.events.CredentialEvent;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.auth.persistence.MembershipEntity;
import com.microenv.auth.persistence.MembershipRepository;
import com.microenv.auth.persistence.ProjectEntity;
import com.microenv.auth.persistence.ProjectRepository;
import com.microenv.auth.persistence.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Projects and their owner membership. */
@ApplicationScoped
public class ProjectService {

    /** A project and the caller's role in it. */
    public record ProjectRole(ProjectEntity project, Role role) {
    }

    private final ProjectRepository projects;
    private final MembershipRepository memberships;
    private final ApiKeyRepository apiKeys;
    private final ProjectAccess access;
    private final AuditOutbox audit;

    public ProjectService(ProjectRepository projects, MembershipRepository memberships, ApiKeyRepository apiKeys,
                          ProjectAccess access, AuditOutbox audit) {
        this.projects = projects;
        this.memberships = memberships;
        this.apiKeys = apiKeys;
        this.access = access;
        this.audit = audit;
    }

    /** Creates a project owned by the calling user, with its project.created event, in one transaction. */
    @WithTransaction
    public Uni<ProjectEntity> create(Caller caller, String name, RequestContext request) {
        if (!caller.isPerson()) {
            throw ServiceException.forbidden("Only people (a signed-in user or a CLI token) can create projects (this credential is a "
                    + caller.credentialKind() + ")");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ProjectEntity project = new ProjectEntity();
        project.id = UUID.randomUUID();
        project.name = name.strip();
        project.ownerId = caller.subject();
        project.createdAt = now;

        MembershipEntity owner = new MembershipEntity();
        owner.projectId = project.id;
        owner.userId = caller.subject();
        owner.role = Role.owner;
        owner.createdAt = now;

        AuditData data = new AuditData(caller.subject(), caller.actorName(), caller.credentialId(), caller.credentialKind(),
                project.id.toString(), null, "project.created", AuditData.SUCCESS, request.requestId(), request.clientIp(),
                request.userAgent(), null, Map.of("name", project.name));
        return projects.persist(project)
                .chain(() -> memberships.persist(owner))
                .chain(() -> audit.append(AuditTypes.PROJECT_CREATED, "/projects/" + project.id, data))
                .replaceWith(project);
    }

    /** The project, for a credential scoped to it (any member, any key of the project). */
    @WithSession
    public Uni<ProjectEntity> get(Caller caller, String projectIdText) {
        UUID projectId = ProjectIds.require(projectIdText);
        return access.of(caller, projectId).map(ProjectAccess.Access::project);
    }

    /** The projects a person is a member of, with their role, oldest membership first. */
    @WithSession
    public Uni<List<ProjectRole>> listMine(Caller caller) {
        caller.requirePerson("Listing your projects");
        return memberships.listByUser(caller.subject()).chain(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(List.<ProjectRole>of());
            }
            Map<UUID, Role> roles = new LinkedHashMap<>();
            list.forEach(m -> roles.put(m.projectId, m.role));
            return projects.list("id in ?1", roles.keySet()).map(found -> {
                Map<UUID, ProjectEntity> byId = new HashMap<>();
                found.forEach(p -> byId.put(p.id, p));
                List<ProjectRole> out = new ArrayList<>();
                roles.forEach((id, role) -> {
                    if (byId.containsKey(id)) {
                        out.add(new ProjectRole(byId.get(id), role));
                    }
                });
                return out;
            });
        });
    }

    /**
     * Deletes the project (owner only): memberships, invitations and API keys go with it, so every credential
     * of the project fails at once; gateways evict on {@code project.deleted} and secrets-service destroys
     * the project's data key.
     */
    @WithTransaction
    public Uni<Void> delete(Caller caller, String projectIdText, RequestContext request) {
        UUID projectId = ProjectIds.require(projectIdText);
        caller.requirePerson("Deleting a project");
        return access.lockedOf(caller, projectId).chain(granted -> {
            if (!granted.isOwner()) {
                throw ServiceException.forbidden("Only an owner may delete the project (your role is " + granted.role() + ")");
            }
            ProjectEntity project = granted.project();
            return apiKeys.idsOfProject(projectId)
                    .chain(keyIds -> audit.append(Audits.PROJECT_DELETED, "/projects/" + projectId,
                            Audits.success(caller, projectId, "project.deleted", request,
                                    Map.of("name", project.name, "apiKeysDeleted", Integer.toString(keyIds.size())))))
                    .chain(() -> audit.appendCredential(CredentialEvent.projectDeleted(projectId.toString())))
                    .chain(() -> projects.delete(project));
        }).replaceWithVoid();
    }
}
