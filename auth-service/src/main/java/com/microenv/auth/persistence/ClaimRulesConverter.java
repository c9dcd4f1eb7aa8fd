package com.microenv.auth.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stores a trust's claim rules as a JSON object, keeping their order. */
@Converter
public class ClaimRulesConverter implements AttributeConverter<Map<String, String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(Map<String, String> rules) {
        try {
            return JSON.writeValueAsString(rules == null ? Map.of() : rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claim rules cannot be serialised", e);
        }
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String column) {
        try {
            return column == null || column.isBlank() ? new LinkedHashMap<>() : JSON.readValue(column, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claim rules in the database are not a JSON object", e);
        }
    }
}
