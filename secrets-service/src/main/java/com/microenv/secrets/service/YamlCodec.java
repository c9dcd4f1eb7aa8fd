package com.microenv.secrets.service;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * YAML through SnakeYAML: written as one mapping with every key and value a double-quoted scalar (so no YAML 1.1
 * reader turns {@code ON} or {@code 0123} into a boolean or number), read with no implicit typing (every scalar is
 * the string written).
 */
public final class YamlCodec {

    private YamlCodec() {
    }

    public static String render(SortedMap<String, String> values) {
        if (values.isEmpty()) {
            return "{}\n";
        }
        return writer().dump(new LinkedHashMap<>(values));
    }

    /**
     * Parses a mapping of names to scalar values.
     *
     * @throws ServiceException VALIDATION with the line of a syntax error, or naming the entry that is not a scalar
     */
    public static Map<String, String> parse(String text) {
        Object document;
        try {
            document = reader().load(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : -1;
            throw ServiceException.validation(line > 0 ? "line " + line + ": this is not valid YAML"
                    : "the body is not valid YAML");
        } catch (YAMLException e) {
            throw ServiceException.validation("the body is not valid YAML");
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> mapping)) {
            throw ServiceException.validation("the YAML document must be a mapping of NAME: value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : mapping.entrySet()) {
            if (!(entry.getKey() instanceof String name) || !Names.isVariableName(name)) {
                throw ServiceException.validation("YAML keys must be variable names (^[A-Z_][A-Z0-9_]*$)");
            }
            if (!(entry.getValue() instanceof String value)) {
                throw ServiceException.validation("the value of " + name + " must be a scalar");
            }
            Names.requireValue(value);
            values.put(name, value);
        }
        return values;
    }

    private static Yaml writer() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setAllowUnicode(true);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new StringsAsText(options), options);
    }

    /** Represents every string as a double-quoted text scalar (SnakeYAML would write non-printable ones as !!binary). */
    private static final class StringsAsText extends Representer {
        StringsAsText(DumperOptions options) {
            super(options);
            this.representers.put(String.class, data -> representScalar(Tag.STR, (String) data,
                    DumperOptions.ScalarStyle.DOUBLE_QUOTED));
        }
    }

    private static Yaml reader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(4 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
                new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                        // none: every scalar stays the string it is
                    }
                });
    }
}
