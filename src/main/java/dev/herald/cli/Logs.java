package dev.herald.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.herald.config.LogConfig;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code --log-format}, {@code --log-level} and {@code --access-log} to logback as {@code logback.xml}
 * set it up: the root level (when given), the {@code herald.access} logger (INFO when on, whatever the root level; off
 * otherwise), and for JSON, {@link JsonLayout} in place of the pattern on every console appender. The quieter
 * levels {@code logback.xml} gives libraries (Jetty, Pushy, Netty, Hikari, Flyway) stay.
 */
final class Logs {
    static final String ACCESS_LOGGER = "herald.access";

    private Logs() {
    }

    static void apply(LogConfig log) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration rules
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (log.level() != null) {
            root.setLevel(Level.toLevel(log.level().name()));
        }
        context.getLogger(ACCESS_LOGGER).setLevel(log.accessLog() ? Level.INFO : Level.OFF);
        if (log.format() == LogConfig.Format.JSON) {
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
                    out.setEncoder(jsonEncoder(context));
                }
            }
        }
    }

    private static LayoutWrappingEncoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonLayout layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
