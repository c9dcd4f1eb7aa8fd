package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Device authorisations; rows are locked while a poll or a decision changes them. */
@ApplicationScoped
public class DeviceAuthorizationRepository implements PanacheRepositoryBase<DeviceAuthorizationEntity, String> {

    public Uni<DeviceAuthorizationEntity> lockByDeviceCodeHash(String hash) {
        return findById(hash, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<DeviceAuthorizationEntity> lockByUserCode(String userCode) {
        return find("userCode", userCode).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<DeviceAuthorizationEntity> findByUserCode(String userCode) {
        return find("userCode", userCode).firstResult();
    }
}
