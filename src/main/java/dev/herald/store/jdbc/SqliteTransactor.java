package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite in WAL mode: one writer connection behind a {@link GroupCommitter} ({@code synchronous=FULL}, so a
 * commit is on disk when it returns) and a small pool of reader connections that never wait for the writer.
 */
final class SqliteTransactor implements Transactor {
    private final HikariDataSource readers;
    private final Jdbi readJdbi;
    private final GroupCommitter writer;

    SqliteTransactor(Path file, int readerPoolSize) {
        SQLiteDataSource source = new SQLiteDataSource(config());
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            Connection writerConnection = source.getConnection();
            this.writer = new GroupCommitter(Jdbi.open(writerConnection));
        } catch (SQLException e) {
            throw new StoreException("Cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setConnectionInitSql("PRAGMA query_only = true");
        pool.setPoolName("herald-sqlite-readers");
        pool.setMaximumPoolSize(readerPoolSize);
        pool.setMinimumIdle(readerPoolSize);
        this.readers = new HikariDataSource(pool);
        this.readJdbi = Jdbi.create(readers);
    }

    static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        return config;
    }

    @Override
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return readJdbi.withHandle(work);
    }

    @Override
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        return writer.submit(work);
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
