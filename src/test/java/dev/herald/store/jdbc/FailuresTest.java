package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.herald.domain.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which driver failures {@link Failures} calls busy (503, try again) and which it does not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailuresTest {
    @TempDir
    Path dir;

    @Test
    void aSqliteWriteBlockedByAnotherWritersLockIsBusy() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("locked.db").toAbsolutePath());
        try (Handle holder = jdbi.open(); Handle blocked = jdbi.open()) {
            holder.execute("CREATE TABLE t (x INTEGER)");
            blocked.execute("PRAGMA busy_timeout = 0");
            holder.execute("BEGIN EXCLUSIVE");
            RuntimeException failure = (RuntimeException) catchThrowable(() -> blocked.execute("INSERT INTO t VALUES (1)"));
            holder.execute("ROLLBACK");

            RuntimeException translated = Failures.translate(failure);
            assertThat(translated).isInstanceOf(StoreException.class);
            assertThat(((StoreException) translated).busy()).isTrue();
        }
    }

    @Test
    void aBrokenConstraintIsNotBusyAndKeepsOnlyTheFirstLineOfTheCause() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("unique.db").toAbsolutePath());
        try (Handle h = jdbi.open()) {
            h.execute("CREATE TABLE t (x TEXT UNIQUE)");
            h.execute("INSERT INTO t VALUES ('a')");
            RuntimeException failure = (RuntimeException) catchThrowable(() -> h.execute("INSERT INTO t VALUES ('a')"));

            RuntimeException translated = Failures.translate(failure);
            assertThat(translated).isInstanceOf(StoreException.class);
            assertThat(((StoreException) translated).busy()).isFalse();
            assertThat(translated.getMessage()).contains("UNIQUE").doesNotContain("\n");
        }
    }

    @Test
    void serverStatesThatMeanTryAgainAreBusy() {
        for (String state : new String[] {"40001", "40P01", "55P03", "57P03", "53300", "08006", "08001"}) {
            assertThat(Failures.isBusy(jdbi(new SQLException("x", state)))).as(state).isTrue();
        }
        assertThat(Failures.isBusy(jdbi(new SQLTransientConnectionException("pool timed out")))).isTrue();
        for (String state : new String[] {"23505", "23503", "42P01", "22001"}) {
            assertThat(Failures.isBusy(jdbi(new SQLException("x", state)))).as(state).isFalse();
        }
    }

    @Test
    void whatDidNotComeFromTheDatabaseIsLeftAlone() {
        IllegalStateException other = new IllegalStateException("not the database");
        assertThat(Failures.translate(other)).isSameAs(other);
    }

    private static ConnectionException jdbi(SQLException cause) {
        return new ConnectionException(cause);
    }
}
