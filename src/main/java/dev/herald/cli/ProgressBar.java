package dev.herald.cli;

import dev.herald.store.jdbc.transfer.Transfers;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn with {@code \r} at most five times a second, and only when
 * standard error is a terminal: redirected to a file or a pipe, it prints nothing. {@link #close} clears the line.
 */
final class ProgressBar implements Transfers.Progress, AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean enabled;
    private long lastDraw;
    private int drawn;

    ProgressBar(PrintStream out, String label, boolean enabled) {
        this.out = out;
        this.label = label;
        this.enabled = enabled;
    }

    /** A bar on standard error if that is a terminal, otherwise one that prints nothing. */
    static ProgressBar onTerminal(String label) {
        return new ProgressBar(System.err, label, stderrIsTerminal());
    }

    @Override
    public void update(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn > 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(label, done, total);
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    /** {@code Exporting [#######-----------------------]  25%  2,500 of 10,000 rows}. */
    static String render(String label, long done, long total) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s %,d rows", label, done);
        }
        long shown = Math.min(done, total);
        int filled = (int) (shown * WIDTH / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %,d of %,d rows", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), shown * 100 / total, done, total);
    }

    @Override
    public void close() {
        if (drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            out.flush();
            drawn = 0;
        }
    }

    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /**
     * Whether file descriptor {@code fd} (0, 1 or 2) is a terminal. {@code System.console()} alone cannot tell:
     * before Java 22 it is null whenever standard input or output is redirected, which {@code herald export > file}
     * and {@code herald import < file} always do. On Linux the descriptor's link names the terminal; elsewhere the
     * console decides.
     */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return consoleIsTerminal();
        }
    }

    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Java 22+: a console exists even when redirected; isTerminal() tells
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
