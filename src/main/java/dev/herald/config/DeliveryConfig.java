package dev.herald.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a node delivers: {@code sandbox} (every channel records the provider request it would send, and delivers
 * into Herald's own records) or {@code live}; attempts at most per delivery; how long Notifications are kept; how
 * long a node's claim on deliveries lasts (after a node dies, its claimed deliveries wait that long for another);
 * whether delivery callbacks may go to private and local addresses.
 */
public record DeliveryConfig(Mode mode, int maxAttempts, Duration retention, Duration lease,
                             boolean allowPrivateCallbacks) {
    public enum Mode { LIVE, SANDBOX }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

    public static DeliveryConfig defaults() {
        return new DeliveryConfig(Mode.LIVE, 10, Duration.ofDays(7), Duration.ofSeconds(30), false);
    }

    /** Checks the settings as given (null: the default); fails with a one-sentence {@link ConfigException}. */
    public static DeliveryConfig parse(String mode, Integer maxAttempts, String retention, String lease) {
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
        Duration keep = retention == null || retention.isBlank() ? d.retention()
                : duration("delivery retention", retention.trim(), Duration.ofMinutes(1), Duration.ofDays(3650));
        Duration claim = lease == null || lease.isBlank() ? d.lease()
                : duration("delivery lease", lease.trim(), Duration.ofSeconds(1), Duration.ofHours(1));
        return new DeliveryConfig(m, attempts, keep, claim, false);
    }

    /** These settings with callbacks to private and local addresses allowed or not. */
    public DeliveryConfig withPrivateCallbacks(boolean allow) {
        return new DeliveryConfig(mode, maxAttempts, retention, lease, allow);
    }

    private static Duration duration(String name, String value, Duration min, Duration max) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new ConfigException("The " + name + " must be a whole number with s, m, h or d (such as 7d), not "
                    + value + ".");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException("The " + name + " must be between " + text(min) + " and " + text(max) + ", not "
                    + value + ".");
        }
        return d;
    }

    private static String text(Duration d) {
        return d.toDaysPart() > 0 ? d.toDays() + "d" : d.toHoursPart() > 0 ? d.toHours() + "h"
                : d.toMinutesPart() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
