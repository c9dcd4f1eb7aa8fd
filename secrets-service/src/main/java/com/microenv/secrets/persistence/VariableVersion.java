package com.microenv.secrets.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One version of a variable as it was written, kept for history and rollback. */
@Entity
@Table(name = "variable_versions")
public class VariableVersion extends SealedValueRow {

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    /** The history row of the given current state. */
    public static VariableVersion of(Variable variable) {
        VariableVersion version = new VariableVersion();
        version.id = UUID.randomUUID();
        version.projectId = variable.projectId;
        version.environment = variable.environment;
        version.name = variable.name;
        version.version = variable.version;
        version.ciphertext = variable.ciphertext;
        version.nonce = variable.nonce;
        version.createdAt = variable.updatedAt;
        version.createdBy = variable.updatedBy;
        return version;
    }
}
