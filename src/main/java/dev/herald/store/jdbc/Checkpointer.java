package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL pages into the SQLite database file from a thread of its own (passive checkpoints, which
 * never block the writer or readers), so that the writer's commits mostly just append to the WAL. Under steady
 * writes a passive checkpoint never catches up completely, so the writer keeps its automatic checkpoint at
 * {@link #WRITER_BACKSTOP_PAGES}: by then this thread has copied nearly every page, the writer's own checkpoint
 * copies the rest quickly and the WAL starts over, which bounds its size.
 */
final class Checkpointer implements AutoCloseable {
    static final int WRITER_BACKSTOP_PAGES = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long INTERVAL_MILLIS = 200;

    private final Connection connection;
    private final Thread thread;
    private volatile boolean closed;

    Checkpointer(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::loop, "herald-checkpointer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try (Statement statement = connection.createStatement()) {
            while (!closed) {
                try {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    LOG.warn("A WAL checkpoint failed; the writer's own checkpoints take over: {}", e.getMessage());
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("WAL checkpoints stopped; the writer's own checkpoints take over: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.debug("Closing the checkpoint connection failed", e);
        }
    }
}
