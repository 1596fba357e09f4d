package dev.herald.store.jdbc;

import dev.herald.domain.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteDataSource;

/**
 * A fixed set of read-only SQLite connections, each kept open for the life of the pool together with its Jdbi
 * handle and its prepared statements ({@link CachingStatementBuilder}), so a read compiles no SQL and opens no
 * handle. A read borrows one connection for the duration of its callback; reads run in autocommit, each
 * statement on its own snapshot, and a statement's snapshot ends when its result set closes. Thread-safe.
 */
final class ReaderPool implements AutoCloseable {
    /** How long a read waits for a free connection before it fails. */
    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<Handle> idle;
    private final List<Handle> all = new ArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();

    ReaderPool(SQLiteDataSource source, int size) throws SQLException {
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Handle handle = StatementMessages.withoutArguments(Jdbi.open(source.getConnection()))
                        .setStatementBuilder(new CachingStatementBuilder());
                all.add(handle);
                handle.execute("PRAGMA query_only = true");
                idle.add(handle);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    <T> T read(HandleCallback<T, RuntimeException> work) {
        Handle handle = idle.poll();
        if (handle == null) {
            waiting.incrementAndGet();
            try {
                handle = idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Interrupted while waiting for a database connection.", e);
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (handle == null) {
            throw StoreException.busy("No database reader connection became free within " + WAIT_SECONDS + " s.", null);
        }
        try {
            return work.withHandle(handle);
        } finally {
            idle.add(handle);
        }
    }

    /** The pool's figures now; {@code writeQueue} is left 0. */
    Database.Figures figures() {
        int free = idle.size();
        return new Database.Figures(all.size() - free, free, waiting.get(), all.size(), 0);
    }

    @Override
    public void close() {
        for (Handle handle : all) {
            handle.close();
        }
        all.clear();
    }
}
