package com.microenv.secrets.service;

/**
 * One variable to set in a bulk change or an upload.
 *
 * @param note the new note, or null to keep the current one
 */
public record VariableChange(String name, String value, String note) {

    @Override
    public String toString() {
        return "VariableChange[name=" + name + "]";
    }
}
