package com.microenv.secrets.api;

import com.microenv.secrets.service.VariableMetadata;

import java.util.List;

/** {@code ?names_only=true}: {@code {"projectId","environment","variables":[{"name","version","updatedAt","updatedBy","note"}]}}. */
public record NamesResponse(String projectId, String environment, List<VariableMetadata> variables) {
}
