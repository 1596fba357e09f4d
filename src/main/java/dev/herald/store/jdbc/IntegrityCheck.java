package dev.herald.store.jdbc;

import dev.herald.domain.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@code PRAGMA quick_check} of a SQLite file before Herald uses it: every page and B-tree is well formed (it skips
 * only the comparison of indexes with their tables, which would read the whole file again). Garbage written over a
 * page, a truncated file or a header that is not SQLite's fail it. The check reads the whole file, so it stops at
 * a time bound: of a file too large to check in time, only what was checked by then is known sound.
 */
final class IntegrityCheck {
    /** How long a start-up may spend checking. */
    static final Duration BOUND = Duration.ofSeconds(30);
    /** Steps between looks at the clock: SQLite's virtual-machine steps, or pages during the check itself. */
    static final int STEPS = 1_000;

    private IntegrityCheck() {
    }

    /**
     * Checks {@code file} for at most {@code bound}; returns true when the whole file was checked and is sound,
     * false when the bound stopped the check first. Throws a {@link StoreException} naming the first problem when
     * the file is damaged or cannot be read.
     */
    static boolean run(Path file, Duration bound) {
        return run(file, bound, STEPS);
    }

    static boolean run(Path file, Duration bound, int steps) {
        SQLiteDataSource source = new SQLiteDataSource(SqliteTransactor.config());
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> problems = new ArrayList<>();
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = true");
            ProgressHandler.setHandler(connection, steps, new ProgressHandler() {
                @Override
                protected int progress() {
                    return System.nanoTime() - deadline > 0 ? 1 : 0; // non-zero interrupts the check
                }
            });
            try (ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
                while (rows.next()) {
                    problems.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            if (e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT) {
                return false;
            }
            if (isDamage(e)) {
                throw damaged(file, StoreException.rootMessage(e), e);
            }
            throw new StoreException("The SQLite database " + file.toAbsolutePath() + " cannot be opened: "
                    + StoreException.rootMessage(e), e);
        }
        if (problems.size() == 1 && problems.get(0).equals("ok")) {
            return true;
        }
        String first = problems.isEmpty() ? "no answer" : problems.get(0).strip().replaceAll("\\s+", " ");
        throw damaged(file, first + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), null);
    }

    /** SQLITE_CORRUPT, SQLITE_NOTADB: what SQLite says of garbage where its pages or header should be. */
    private static boolean isDamage(SQLException e) {
        if (!(e instanceof SQLiteException sqlite) || sqlite.getResultCode() == null) {
            return false;
        }
        int primary = sqlite.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }

    private static StoreException damaged(Path file, String problem, Throwable cause) {
        return new StoreException("The SQLite database " + file.toAbsolutePath() + " is damaged (quick_check: "
                + problem + "): restore it from a backup, or pass --skip-integrity-check to use what is still "
                + "readable.", cause);
    }
}
