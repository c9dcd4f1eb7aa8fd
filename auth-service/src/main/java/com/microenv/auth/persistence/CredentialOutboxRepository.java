package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Appends credential events inside the caller's transaction (the relay reads them with plain SQL). */
@ApplicationScoped
public class CredentialOutboxRepository implements PanacheRepositoryBase<CredentialOutboxEntity, Long> {
}
