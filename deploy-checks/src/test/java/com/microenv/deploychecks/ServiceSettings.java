package com.microenv.deploychecks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads, computed from its {@code src/main/resources/application.properties} (and its sources for
 * topic names), so the checks keep up as services add settings and topics.
 */
final class ServiceSettings {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern TOPIC_LITERAL = Pattern.compile("\"(microenv\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.v[0-9]+)\"");
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");

    private ServiceSettings() {
    }

    static Properties properties(String service) {
        Path file = Repository.path(service + "/src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return properties;
    }

    /**
     * Environment variables the service needs in a cluster: every {@code ${NAME}} without a default (or with an
     * empty one), and every one whose default points at the local machine (127.0.0.1, localhost), by property.
     * Profile-specific keys ({@code %test.}, {@code %dev.}) are left out.
     */
    static Map<String, String> requiredEnvironment(String service) {
        Properties properties = properties(service);
        Map<String, String> required = new TreeMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith("%")) {
                continue;
            }
            Matcher matcher = EXPRESSION.matcher(properties.getProperty(key));
            while (matcher.find()) {
                String name = matcher.group(1).trim();
                String fallback = matcher.group(2);
                if (properties.containsKey(name)) {
                    continue; // a reference to another property of the file
                }
                boolean noDefault = fallback == null || fallback.isBlank();
                boolean local = fallback != null && (fallback.contains("127.0.0.1") || fallback.contains("localhost"));
                if (noDefault || local) {
                    required.put(environmentName(name), key);
                }
            }
        }
        return required;
    }

    /** Quarkus's environment-variable name of a property or expression name. */
    static String environmentName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** Channel name -> {direction, topic, group.id or null}. */
    static Map<String, String[]> channels(String service) {
        Properties properties = properties(service);
        Map<String, String[]> channels = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            Matcher m = CHANNEL.matcher(key);
            if (key.startsWith("%") || !m.matches()) {
                continue;
            }
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            channels.computeIfAbsent(m.group(2), c -> new String[] {
                    m.group(1),
                    properties.getProperty(prefix + "topic", c),
                    properties.getProperty(prefix + "group.id")});
        }
        return channels;
    }

    /** Every topic name a service uses: channel topics and topic-like string literals in its main sources. */
    static TreeSet<String> topics(String service) {
        TreeSet<String> topics = new TreeSet<>();
        channels(service).values().forEach(c -> topics.add(c[1]));
        Path sources = Repository.path(service + "/src/main");
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
                    .forEach(f -> {
                        try {
                            Matcher matcher = TOPIC_LITERAL.matcher(Files.readString(f));
                            while (matcher.find()) {
                                topics.add(matcher.group(1));
                            }
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return topics;
    }
}
