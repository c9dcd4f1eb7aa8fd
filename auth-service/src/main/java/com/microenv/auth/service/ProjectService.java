package com.microenv.auth.service;

import com.microenv.audit.event.AuditData;
import com.microenv.audit.event.AuditTypes;
import com.microenv.auth.events.AuditOutbox;
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
import java.util.Map;
import java.util.UUID;

/** Projects and their owner membership. */
@ApplicationScoped
public class ProjectService {

    private final ProjectRepository projects;
    private final MembershipRepository memberships;
    private final AuditOutbox audit;

    public ProjectService(ProjectRepository projects, MembershipRepository memberships, AuditOutbox audit) {
        this.projects = projects;
        this.memberships = memberships;
        this.audit = audit;
    }

    /** Creates a project owned by the calling user, with its project.created event, in one transaction. */
    @WithTransaction
    public Uni<ProjectEntity> create(Caller caller, String name, RequestContext request) {
        if (!caller.isUser()) {
            throw ServiceException.forbidden("Only users can create projects (this credential is a "
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
        caller.requireProject(projectId);
        return projects.findById(projectId)
                .onItem().ifNull().failWith(() -> ServiceException.notFound("No project with id '" + projectId + "'"));
    }
}
