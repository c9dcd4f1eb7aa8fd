package com.microenv.secrets.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The current version of one variable: its value only as ciphertext. */
@Entity
@Table(name = "variables")
public class Variable {

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

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
