package com.microenv.secrets.service;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/** The decrypted variables of one environment, sorted by name. */
public record VariableSet(UUID projectId, String environment, SortedMap<String, String> values) {

    public VariableSet {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** Names only: values must never reach a log line. */
    @Override
    public String toString() {
        return "VariableSet[projectId=" + projectId + ", environment=" + environment + ", names=" + values.keySet() + "]";
    }
}
