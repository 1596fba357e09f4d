package dev.herald.config;

import java.util.Locale;

/**
 * How Herald is run as a service: the admin listener ({@code --admin-host}:{@code --admin-port}, serving {@code
 * /metrics}, {@code /healthz} and {@code /readyz} without authentication; {@code adminPort} -1 when off), the log
 * settings, HTTPS on the main port ({@code tls}; null for plain HTTP), and whether the web console is served at
 * {@code /console} ({@code console}, {@code --console on|off}).
 */
public record OpsConfig(String adminHost, int adminPort, LogConfig log, TlsConfig tls, boolean console) {
    public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";

    public static OpsConfig defaults() {
        return new OpsConfig(DEFAULT_ADMIN_HOST, -1, LogConfig.defaults(), null, true);
    }

    /**
     * Checks the admin listener's settings as given ({@code adminPort} null: off; 0 picks a free port; {@code
     * adminHost} null or blank: 127.0.0.1); the console is on.
     */
    public static OpsConfig parse(String adminHost, Integer adminPort, LogConfig log, TlsConfig tls) {
        if (adminPort != null && (adminPort < 0 || adminPort > 65535)) {
            throw new ConfigException("--admin-port (HERALD_ADMIN_PORT) must be between 0 and 65535, not " + adminPort
                    + ".");
        }
        String host = adminHost == null || adminHost.isBlank() ? DEFAULT_ADMIN_HOST : adminHost.strip();
        return new OpsConfig(host, adminPort == null ? -1 : adminPort, log, tls, true);
    }

    /** Whether the admin listener is on. */
    public boolean admin() {
        return adminPort >= 0;
    }

    /**
     * These settings with the web console as {@code value} says: {@code on} or {@code off}, any case (null or blank:
     * on); anything else fails with a one-sentence {@link ConfigException}.
     */
    public OpsConfig withConsole(String value) {
        boolean on = value == null || value.isBlank() || switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ConfigException("--console (HERALD_CONSOLE) must be on or off, not " + value.strip()
                    + ".");
        };
        return new OpsConfig(adminHost, adminPort, log, tls, on);
    }
}
