package com.microenv.secrets.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code env} download read by the parser people actually use: Node's {@code dotenv}, installed from the npm
 * registry into target/ on first run.
 */
class NodeDotenvCompatibilityTest {

    private static final Path NODE_HOME = Path.of("target", "node-dotenv").toAbsolutePath();

    @BeforeAll
    static void installDotenv() throws Exception {
        if (Files.isDirectory(NODE_HOME.resolve("node_modules/dotenv"))) {
            return;
        }
        Files.createDirectories(NODE_HOME);
        run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", NODE_HOME.toString(), "dotenv@16"), null);
    }

    @Test
    void nodeDotenvReadsEveryNastyValueBackExactly() throws Exception {
        SortedMap<String, String> values = new TreeMap<>(Map.ofEntries(
                Map.entry("EMPTY", ""),
                Map.entry("PLAIN", "postgres://user@db:5432/app"),
                Map.entry("SPACES", "  leading and trailing  "),
                Map.entry("NEWLINES", "line one\nline two\n"),
                Map.entry("CRLF", "windows\r\nline"),
                Map.entry("HASH", "value # not a comment"),
                Map.entry("DOLLAR", "$HOME and ${HOME} and $(whoami)"),
                Map.entry("BACKSLASH", "C:\\path\\to\\n\\file"),
                Map.entry("DOUBLE", "say \"hi\""),
                Map.entry("SINGLE", "it's"),
                Map.entry("BOTH", "it's \"both\""),
                Map.entry("BACKTICK", "`cmd` and \"q\""),
                Map.entry("PEM", "-----BEGIN KEY-----\nMIIB\\nxyz==\n-----END KEY-----"),
                Map.entry("JSON", "{\"a\": [1, \"two\"], \"b\": null}"),
                Map.entry("UNICODE", "grüße € 🚀"),
                Map.entry("EQUALS", "a=b=c"),
                Map.entry("TRAILING_BACKSLASH", "ends with \\")));

        String file = DotenvCodec.render(values);

        assertThat(nodeParse(file)).isEqualTo(values);
        assertThat(DotenvCodec.parse(file)).isEqualTo(values);
    }

    private static Map<String, String> nodeParse(String file) throws Exception {
        Path env = Files.createTempFile(NODE_HOME, "download", ".env");
        Files.writeString(env, file, StandardCharsets.UTF_8);
        String script = "const fs=require('fs');const d=require('" + NODE_HOME.resolve("node_modules/dotenv")
                + "');process.stdout.write(JSON.stringify(d.parse(fs.readFileSync(process.argv[1]))));";
        String out = run(List.of("node", "-e", script, env.toString()), null);
        return new ObjectMapper().readValue(out, new TypeReference<Map<String, String>>() {
        });
    }

    private static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
