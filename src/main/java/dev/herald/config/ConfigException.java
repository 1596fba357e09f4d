package dev.herald.config;

/** The configuration is unusable; the message is one sentence meant for the operator. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
