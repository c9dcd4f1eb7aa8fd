package com.microenv.auth.api;

import com.microenv.auth.persistence.ProjectEntity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Request and response bodies of {@code /v1/projects}. */
public final class ProjectDtos {

    private ProjectDtos() {
    }

    /** {@code POST /v1/projects}. */
    public record CreateProjectRequest(
            @NotBlank(message = "must not be blank") @Size(max = 100, message = "must be at most 100 characters") String name) {
    }

    /** A project as the API shows it. */
    public record ProjectResponse(String id, String name, String ownerId, Instant createdAt) {
        static ProjectResponse of(ProjectEntity project) {
            return new ProjectResponse(project.id.toString(), project.name, project.ownerId, project.createdAt);
        }
    }

    /** A project of the caller's, with their role. */
    public record MyProjectResponse(String id, String name, String ownerId, Instant createdAt, String role) {
        static MyProjectResponse of(com.microenv.auth.service.ProjectService.ProjectRole entry) {
            return new MyProjectResponse(entry.project().id.toString(), entry.project().name, entry.project().ownerId,
                    entry.project().createdAt, entry.role().name());
        }
    }
}
