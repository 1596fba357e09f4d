package dev.herald.config;

import java.util.Locale;

/**
 * How Herald logs: {@code format} of every line ({@code --log-format}: text, or one JSON object a line), the root
 * {@code level} ({@code --log-level}: error, warn, info or debug; null when not given, which keeps the logging
 * configuration's, INFO in Herald's own) and whether each request is logged ({@code
 * --access-log}, on the {@code herald.access} logger).
 */
public record LogConfig(Format format, Level level, boolean accessLog) {
    public enum Format { TEXT, JSON }

    public enum Level { ERROR, WARN, INFO, DEBUG }

    public static LogConfig defaults() {
        return new LogConfig(Format.TEXT, null, true);
    }

    /** Checks the settings as given (null or blank: the default); fails with a one-sentence {@link ConfigException}. */
    public static LogConfig parse(String format, String level, String accessLog) {
        LogConfig d = defaults();
        Format f = blank(format) ? d.format() : switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new ConfigException("--log-format (HERALD_LOG_FORMAT) must be text or json, not "
                    + format.strip() + ".");
        };
        Level l = blank(level) ? d.level() : switch (level.strip().toLowerCase(Locale.ROOT)) {
            case "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            default -> throw new ConfigException("--log-level (HERALD_LOG_LEVEL) must be error, warn, info or debug, "
                    + "not " + level.strip() + ".");
        };
        boolean access = blank(accessLog) || Config.flag("--access-log (HERALD_ACCESS_LOG)", accessLog);
        return new LogConfig(f, l, access);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
