package com.microenv.auth.service;

import com.microenv.auth.persistence.MembershipRepository;
import com.microenv.auth.persistence.ProjectEntity;
import com.microenv.auth.persistence.ProjectRepository;
import com.microenv.auth.persistence.Role;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

/**
 * What a caller may do in a project, decided by auth-service from its own membership table for people (so
 * a role change counts at once, whatever the JWT says) and from the JWT's claims for API keys. Must run
 * inside a session.
 */
@ApplicationScoped
public class ProjectAccess {

    /**
     * @param project     the project
     * @param role        the person's role; null for an API key
     * @param permissions what the caller may do: the role's permissions, or the key's
     */
    public record Access(ProjectEntity project, Role role, List<String> permissions) {
        public boolean has(String permission) {
            return permissions.contains(permission);
        }

        public boolean isOwner() {
            return role == Role.owner;
        }
    }

    private final ProjectRepository projects;
    private final MembershipRepository memberships;

    public ProjectAccess(ProjectRepository projects, MembershipRepository memberships) {
        this.projects = projects;
        this.memberships = memberships;
    }

    /** The caller's access to the project; 403 when the credential is not scoped to it or the person is no member. */
    public Uni<Access> of(Caller caller, UUID projectId) {
        return of(caller, projectId, false);
    }

    /** As {@link #of(Caller, UUID)}, with the project row locked for the rest of the transaction. */
    public Uni<Access> lockedOf(Caller caller, UUID projectId) {
        return of(caller, projectId, true);
    }

    private Uni<Access> of(Caller caller, UUID projectId, boolean lock) {
        caller.requireProject(projectId);
        Uni<ProjectEntity> project = lock ? projects.findById(projectId, LockModeType.PESSIMISTIC_WRITE) : projects.findById(projectId);
        return project
                .onItem().ifNull().failWith(() -> ServiceException.notFound("No project with id '" + projectId + "'"))
                .chain(found -> {
                    if (!caller.isPerson()) {
                        return Uni.createFrom().item(new Access(found, null, caller.permissions()));
                    }
                    return memberships.findRole(projectId, caller.subject()).map(role -> role
                            .map(r -> new Access(found, r, r.permissions()))
                            .orElseThrow(() -> ServiceException.forbidden("You are not a member of project " + projectId)));
                });
    }
}
