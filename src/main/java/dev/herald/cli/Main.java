package dev.herald.cli;

import dev.herald.config.ConfigException;
import dev.herald.domain.StoreException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar herald.jar <command>}. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A self-hosted server for the Twilio Notify v1 API.",
        subcommands = {ServeCommand.class, AccountsCommand.class, KeysCommand.class, MigrateCommand.class,
                ExportCommand.class, ImportCommand.class})
public final class Main {
    public static void main(String[] args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof StoreException || e instanceof IllegalArgumentException
                    || e instanceof UncheckedIOException) {
                commandLine.getErr().println("herald: " + oneLine(e.getMessage()));
                return 2;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("herald: " + ParameterErrors.message(e, arguments));
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0 || !isServe(args)) {
            System.exit(code);
        }
    }

    /** The command line, whose whole-number options ({@code --port}, and their variables) take ASCII digits only. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(Integer.class, Main::decimal);
        cli.registerConverter(int.class, Main::decimal);
        return cli;
    }

    /** Picocli's own conversion takes other scripts' digits too ({@code ٨٠٨٠} as 8080). */
    private static Integer decimal(String value) {
        if (!value.matches("-?[0-9]{1,10}")) {
            throw new CommandLine.TypeConversionException("is not a whole number");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("is too large");
        }
    }

    /** The message on one line, however many its source wrote. */
    static String oneLine(String message) {
        return message == null ? "failed." : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean isServe(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }
}
