package com.microenv.secrets.api;

import com.microenv.secrets.service.VersionInfo;

import java.util.List;

/** A variable's versions, newest first, without values. */
public record HistoryResponse(String name, String environment, List<VersionInfo> versions) {
}
