package com.microenv.cli.commands;

import com.microenv.cli.CliContext;
import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.MicroenvApi.PutResult;
import com.microenv.cli.config.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code microenv variables set}: creates or updates variables, one request each. */
@Command(name = "set",
        description = {
                "Create or update variables of an environment, one request each.",
                "NAME (or NAME=-) reads the value from standard input (one trailing newline removed), or asks for it "
                        + "without echo on a terminal: secrets stay out of shell history and the process list."})
final class VariablesSetCommand implements Callable<Integer> {

    /** The API's limit on one value. */
    static final int MAX_VALUE_BYTES = 64 * 1024;
    static final String FROM_STDIN = "-";

    @Mixin
    EnvironmentTarget target;

    @Parameters(arity = "1..*", paramLabel = "NAME=VALUE", description = "A variable and its new value; a bare NAME or a VALUE of - is read from standard input.")
    List<String> assignments;

    @Spec
    CommandSpec spec;

    /** One NAME=VALUE argument; {@code value} is null while it still has to be read from standard input. */
    record Assignment(String name, String value) {

        boolean fromStdin() {
            return value == null;
        }

        @Override
        public String toString() {
            return "Assignment[name=" + name + "]";
        }
    }

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        EnvironmentTarget.Target where = target.resolve(command, root.context());
        List<Assignment> parsed = parse(command, assignments);
        Session session = root.connect(command);
        List<Assignment> complete = new ArrayList<>();
        for (Assignment assignment : parsed) {
            String value = assignment.fromStdin() ? readValue(root.context(), assignment.name()) : assignment.value();
            checkSize(assignment.name(), value);
            complete.add(new Assignment(assignment.name(), value));
        }
        PrintWriter out = command.getOut();
        List<Map<String, Object>> written = new ArrayList<>();
        for (Assignment assignment : complete) {
            PutResult result = session.api().putVariable(where.projectId(), where.environment(), assignment.name(), assignment.value());
            if (root.json()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("name", assignment.name());
                line.put("created", result.created());
                line.put("version", result.variable().version());
                written.add(line);
            } else {
                out.println(assignment.name() + ": " + (result.created() ? "created" : "updated")
                        + (result.variable().version() == null ? "" : ", version " + result.variable().version()));
                out.flush();
            }
        }
        if (root.json()) {
            Output.json(out, written);
        }
        return ExitCodes.OK;
    }

    /** Splits each argument at its first '='; never repeats an argument in an error, since it holds a value. */
    static List<Assignment> parse(CommandLine command, List<String> arguments) {
        List<Assignment> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int fromStdin = 0;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int equals = argument.indexOf('=');
            if (equals < 0 && !Names.isVariableName(argument)) {
                throw new CommandLine.ParameterException(command, "argument " + (i + 1)
                        + " is not of the form NAME=VALUE (nor a bare NAME, whose value is read from standard input)");
            }
            String name = equals < 0 ? argument : argument.substring(0, equals);
            String value = equals < 0 ? FROM_STDIN : argument.substring(equals + 1);
            Names.variableNameProblem(name).ifPresent(problem -> {
                throw new CommandLine.ParameterException(command, problem);
            });
            if (!names.add(name)) {
                throw new CommandLine.ParameterException(command, "variable " + name + " is given more than once");
            }
            if (value.equals(FROM_STDIN)) {
                fromStdin++;
                parsed.add(new Assignment(name, null));
            } else {
                parsed.add(new Assignment(name, value));
            }
        }
        if (fromStdin > 1) {
            throw new CommandLine.ParameterException(command, "only one variable can read its value from standard input (NAME or NAME=-)");
        }
        return parsed;
    }

    private static String readValue(CliContext context, String name) {
        if (context.interactive()) {
            String value = context.terminal().readSecret("Value for " + name + " (input hidden): ");
            if (value == null) {
                throw new CliException(ExitCodes.USAGE, "no value entered for " + name);
            }
            return value;
        }
        byte[] bytes;
        try {
            // Two bytes more than the limit for a trailing CR LF, one more to notice a value that is too long.
            bytes = context.stdin().readNBytes(MAX_VALUE_BYTES + 3);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read the value of " + name + " from standard input: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            // An empty pipe is a mistake far more often than a wish for an empty value, which NAME= says plainly.
            throw new CliException(ExitCodes.USAGE, "no value for " + name + " on standard input (it is empty and not a "
                    + "terminal); pipe the value in, or use " + name + "= for an empty value");
        }
        String value;
        try {
            value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, "the value of " + name + " on standard input is not UTF-8 text");
        }
        return stripOneLineEnding(value);
    }

    static String stripOneLineEnding(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        if (value.endsWith("\n")) {
            return value.substring(0, value.length() - 1);
        }
        return value;
    }

    private static void checkSize(String name, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new CliException(ExitCodes.USAGE, "the value of " + name + " is longer than 64 KiB (" + MAX_VALUE_BYTES + " bytes)");
        }
    }
}
