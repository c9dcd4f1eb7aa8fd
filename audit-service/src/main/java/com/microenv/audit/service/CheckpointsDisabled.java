package com.microenv.audit.service;

import com.microenv.audit.config.AuditConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Skips the checkpoint job on a replica configured with {@code microenv.audit.checkpoint.enabled=false}. */
@Singleton
public class CheckpointsDisabled implements Scheduled.SkipPredicate {

    private final AuditConfig config;

    public CheckpointsDisabled(AuditConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.checkpoint().enabled();
    }
}
