package dev.herald.cli;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A mistake on the command line (or in the variable an option defaults to) as one sentence, without the usage text:
 * a value that is not a number names the flag, or the variable when the value came from it.
 */
final class ParameterErrors {
    /** The variable an option's default reads, as in {@code ${env:HERALD_PORT:-8080}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");

    private ParameterErrors() {
    }

    static String message(CommandLine.ParameterException e, String[] arguments) {
        if (e.getCause() instanceof CommandLine.TypeConversionException conversion
                && e.getArgSpec() instanceof OptionSpec option) {
            return source(option, arguments) + " '" + e.getValue() + "' " + conversion.getMessage() + ".";
        }
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        return Main.oneLine(e.getMessage()).replaceAll("[.]$", "") + " (see `" + command + " --help`).";
    }

    /** {@code --port}, or {@code HERALD_PORT (or --port)} when the flag is absent and the value is the variable's. */
    private static String source(OptionSpec option, String[] arguments) {
        String flag = option.longestName();
        boolean given = Arrays.stream(arguments).anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
        Matcher variable = VARIABLE.matcher(String.valueOf(option.defaultValueString(false)));
        if (!given && variable.find() && System.getenv(variable.group(1)) != null) {
            return variable.group(1) + " (or " + flag + ")";
        }
        return flag;
    }
}
