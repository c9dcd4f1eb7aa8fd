package com.microenv.secrets.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/** The current version of one variable: its value only as ciphertext. */
@Entity
@Table(name = "variables")
public class Variable extends SealedValueRow {

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** A note about the variable (not secret), shown in lists. */
    @Column(name = "note")
    public String note;
}
