package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.StoreException;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code PRAGMA quick_check} at start-up: sound files pass, damaged ones fail with a message, and time is bounded. */
@Timeout(60)
class IntegrityCheckTest {
    private Path dir;
    private Path file;

    @BeforeEach
    void createStore() throws IOException {
        dir = Files.createTempDirectory("herald-integrity");
        file = dir.resolve("herald.db");
        try (Database database = Database.openSqlite(file, new byte[32], 1)) {
            database.transactor().write(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"));
            database.transactor().write(h -> h.execute("INSERT INTO filler (body) SELECT printf('%.500c', 'x') "
                    + "FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                    + "SELECT i FROM n)"));
        }
    }

    @AfterEach
    void deleteStore() {
        TestHerald.deleteTree(dir);
    }

    @Test
    void aSoundFilePasses() {
        assertThat(IntegrityCheck.run(file, Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aFileWithGarbageOverItsPagesFails() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[8192];
            new Random(7).nextBytes(garbage);
            raf.seek(raf.length() / 2);
            raf.write(garbage);
        }
        assertThatThrownBy(() -> IntegrityCheck.run(file, Duration.ofSeconds(30)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("The SQLite database " + file.toAbsolutePath() + " is damaged (quick_check: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theBoundStopsTheCheckWithoutFailingTheFile() {
        assertThat(IntegrityCheck.run(file, Duration.ZERO, 1)).as("stopped at once").isFalse();
    }
}
