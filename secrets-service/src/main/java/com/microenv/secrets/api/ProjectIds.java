package com.microenv.secrets.api;

import com.microenv.secrets.service.ServiceException;

import java.util.UUID;

/** Project ids in paths are UUIDs; anything else names no project. */
final class ProjectIds {

    private ProjectIds() {
    }

    static UUID parse(String projectId) {
        try {
            UUID id = UUID.fromString(projectId);
            if (id.toString().equalsIgnoreCase(projectId)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // fall through: not a UUID
        }
        throw ServiceException.notFound("no such project: project ids are UUIDs");
    }
}
