package dev.herald.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a node delivers: {@code sandbox} (every channel records the provider request it would send, and delivers
 * into Herald's own records) or {@code live}; attempts at most per delivery; how long Notifications are kept.
 */
public record DeliveryConfig(Mode mode, int maxAttempts, Duration retention) {
    public enum Mode { LIVE, SANDBOX }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

    public static DeliveryConfig defaults() {
        return new DeliveryConfig(Mode.LIVE, 10, Duration.ofDays(7));
    }

    /** Checks the three settings as given (null: the default); fails with a one-sentence {@link ConfigException}. */
    public static DeliveryConfig parse(String mode, Integer maxAttempts, String retention) {
        DeliveryConfig d = defaults();
        Mode m = d.mode();
        if (mode != null && !mode.isBlank()) {
            m = switch (mode.trim().toLowerCase(Locale.ROOT)) {
                case "live" -> Mode.LIVE;
                case "sandbox" -> Mode.SANDBOX;
                default -> throw new ConfigException("The delivery mode must be live or sandbox, not " + mode + ".");
            };
        }
        int attempts = maxAttempts == null ? d.maxAttempts() : maxAttempts;
        if (attempts < 1 || attempts > 100) {
            throw new ConfigException("The most attempts per delivery must be between 1 and 100, not " + attempts + ".");
        }
        Duration keep = retention == null || retention.isBlank() ? d.retention() : duration(retention.trim());
        return new DeliveryConfig(m, attempts, keep);
    }

    private static Duration duration(String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new ConfigException("The delivery retention must be a whole number with s, m, h or d (such as 7d), not "
                    + value + ".");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(3650)) > 0) {
            throw new ConfigException("The delivery retention must be between 1m and 3650d, not " + value + ".");
        }
        return d;
    }
}
