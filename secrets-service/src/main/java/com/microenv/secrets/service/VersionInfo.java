package com.microenv.secrets.service;

import java.time.Instant;

/** One entry of a variable's history, without its value. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record VersionInfo(long version, String change, Instant createdAt, String createdBy, String credentialId,
                          String requestId, String note, Long restoredFrom, Instant deletedAt, String deletedBy,
                          boolean current) {
}
