package com.microenv.secrets.api;

import java.util.Map;

/** The seed's response: {@code {"projectId","environment","variables":{NAME:value}}}. */
public record VariablesResponse(String projectId, String environment, Map<String, String> variables) {

    /** Names only: values must never reach a log line. */
    @Override
    public String toString() {
        return "VariablesResponse[projectId=" + projectId + ", environment=" + environment + ", names="
                + variables.keySet() + "]";
    }
}
