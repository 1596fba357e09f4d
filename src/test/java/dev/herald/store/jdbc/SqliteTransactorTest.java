package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.StoreException;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SqliteTransactorTest {
    private Path dir;
    private SqliteTransactor tx;

    @BeforeEach
    void open() throws IOException {
        dir = Files.createTempDirectory("herald-sqlite");
        tx = new SqliteTransactor(dir.resolve("test.db"), 4);
        tx.write(h -> h.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"));
    }

    @AfterEach
    void close() {
        tx.close();
        TestHerald.deleteTree(dir);
    }

    @Test
    void writesAreDurableWalCommitsAndReadersCannotWrite() {
        String journal = tx.write(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        int synchronous = tx.write(h -> h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one());
        int foreignKeys = tx.write(h -> h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
        assertThat(journal).isEqualTo("wal");
        assertThat(synchronous).as("synchronous=FULL fsyncs the WAL on every commit").isEqualTo(2);
        assertThat(foreignKeys).isEqualTo(1);
        assertThatThrownBy(() -> tx.read(h -> h.execute("INSERT INTO items (name) VALUES ('x')")))
                .hasMessageContaining("readonly");
    }

    @Test
    void noConnectionMapsTheFileIntoMemory() {
        long writer = tx.write(h -> h.createQuery("PRAGMA mmap_size").mapTo(Long.class).one());
        long reader = tx.read(h -> h.createQuery("PRAGMA mmap_size").mapTo(Long.class).one());
        assertThat(writer).as("each read after another connection's commit would unmap and fault in the file again")
                .isZero();
        assertThat(reader).isZero();
    }

    @Test
    void aFailingUnitRollsBackAloneWhileItsBatchCommits() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            results.add(pool.submit(() -> tx.write(h -> {
                h.createUpdate("INSERT INTO items (id, name) VALUES (:id, :name)")
                        .bind("id", n).bind("name", "item-" + n).execute();
                if (n % 3 == 0) {
                    throw new IllegalStateException("unit " + n + " fails");
                }
                return n;
            })));
        }
        int failures = 0;
        for (int i = 0; i < results.size(); i++) {
            try {
                assertThat(results.get(i).get()).isEqualTo(i);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("unit " + i + " fails");
                failures++;
            }
        }
        pool.shutdown();
        assertThat(failures).isEqualTo(67);
        List<Integer> stored = tx.read(h -> h.createQuery("SELECT id FROM items ORDER BY id").mapTo(Integer.class).list());
        assertThat(stored).hasSize(133).allMatch(id -> id % 3 != 0);
    }

    @Test
    void writesAfterCloseAreRefused() {
        tx.close();
        assertThatThrownBy(() -> tx.write(h -> h.execute("INSERT INTO items (name) VALUES ('late')")))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
        tx = new SqliteTransactor(dir.resolve("test.db"), 1);
        int count = tx.read(h -> h.createQuery("SELECT COUNT(*) FROM items").mapTo(Integer.class).one());
        assertThat(count).isZero();
    }
}
