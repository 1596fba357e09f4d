package dev.herald.store.jdbc;

import dev.herald.domain.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite in WAL mode: one writer connection behind a {@link GroupCommitter} ({@code synchronous=FULL}, so a
 * request's commit is on disk when it returns; the engine's commits without an fsync of their own), a
 * {@link ReaderPool} of read-only connections that never wait for the writer, and a {@link Checkpointer} that moves
 * WAL pages into the database file off the writer's path.
 */
final class SqliteTransactor implements Transactor {
    /** How long a connection waits for a lock another connection holds. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final ReaderPool readers;
    private final GroupCommitter writer;
    private final Checkpointer checkpointer;

    SqliteTransactor(Path file, int readerPoolSize) {
        SQLiteDataSource source = new SQLiteDataSource(config());
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            this.readers = new ReaderPool(source, readerPoolSize);
        } catch (SQLException e) {
            throw new StoreException("Cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
        try {
            Connection writerConnection = source.getConnection();
            Handle handle = StatementMessages.withoutArguments(Jdbi.open(writerConnection))
                    .setStatementBuilder(new CachingStatementBuilder());
            handle.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.WRITER_BACKSTOP_PAGES);
            this.writer = new GroupCommitter(handle, BUSY_TIMEOUT_MILLIS);
            this.checkpointer = new Checkpointer(source.getConnection());
        } catch (SQLException e) {
            readers.close();
            throw new StoreException("Cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            readers.close();
            throw e;
        }
    }

    static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setCacheSize(-32_768); // KiB: 32 MiB of page cache a connection
        // No memory map: a connection's read after another's commit drops its whole map (SQLite's pager does, when
        // the WAL changed) and faults the pages in again; under the engine's writes that cost more than it saved,
        // e.g. a writer's munmap of 54 ms on a 2 GB file (BENCHMARKS §21).
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config;
    }

    /**
     * {@link #config()} for schema migrations (Flyway), whose transactions read the schema history before they
     * write: they begin {@code IMMEDIATE}, waiting for the write lock (up to the busy timeout) rather than failing
     * at once with {@code SQLITE_BUSY} when a server on the same file commits between their read and their write.
     */
    static SQLiteConfig migrationConfig() {
        SQLiteConfig config = config();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    @Override
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        try {
            return readers.read(work);
        } catch (RuntimeException e) {
            throw Failures.translate(e);
        }
    }

    @Override
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        try {
            return writer.submit(work);
        } catch (RuntimeException e) {
            throw Failures.translate(e);
        }
    }

    @Override
    public <T> T writeBackground(HandleCallback<T, RuntimeException> work) {
        try {
            return writer.submitBackground(work);
        } catch (RuntimeException e) {
            throw Failures.translate(e);
        }
    }

    @Override
    public Database.Figures figures() {
        Database.Figures readers = this.readers.figures();
        return new Database.Figures(readers.active(), readers.idle(), readers.waiting(), readers.max(),
                writer.queued());
    }

    @Override
    public void close() {
        checkpointer.close();
        writer.close();
        readers.close();
    }
}
