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

    /** How a version came to be. */
    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String ROLLED_BACK = "rolled_back";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "note")
    public String note;

    /** {@link #CREATED}, {@link #UPDATED} or {@link #ROLLED_BACK}; null for versions written before it was kept. */
    @Column(name = "change")
    public String change;

    @Column(name = "credential_id")
    public String credentialId;

    @Column(name = "request_id")
    public String requestId;

    /** For a rollback: the version whose value this one restored. */
    @Column(name = "restored_from")
    public Long restoredFrom;

    /** Set on the last version when the variable was deleted. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "deleted_by")
    public String deletedBy;

    /** The history row of the given current state. */
    public static VariableVersion of(Variable variable, String change, String credentialId, String requestId,
                                     Long restoredFrom) {
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
        version.note = variable.note;
        version.change = change;
        version.credentialId = credentialId;
        version.requestId = requestId;
        version.restoredFrom = restoredFrom;
        return version;
    }
}
