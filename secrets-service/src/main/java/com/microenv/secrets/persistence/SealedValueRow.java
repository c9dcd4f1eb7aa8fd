package com.microenv.secrets.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.util.UUID;

/**
 * The columns a stored value has wherever it is kept (current row or history): which variable and version
 * it is, and the value only as AES-GCM ciphertext with its nonce. Project, environment, name and version
 * are also the ciphertext's associated data, so a value moved to another row does not decrypt.
 */
@MappedSuperclass
public abstract class SealedValueRow {

    @Id
    public UUID id;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false)
    public String environment;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(nullable = false)
    public byte[] nonce;
}
