package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestDatabases;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The poll for due callbacks reads the indexes of due callbacks, on PostgreSQL as a pooled connection plans it
 * (one generic plan per prepared statement, kept), even when that plan is made while the deliveries are empty:
 * a scan of them would otherwise be the plan, every poll, however many deliveries there are by then.
 */
@Timeout(60)
class PostgresCallbackPollPlanTest {
    @Test
    void thePollReadsTheIndexesWhateverTheStatisticsSay() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        try (Database db = Database.openPostgres(TestDatabases.newPostgresDatabase(), null, null, 2, key)) {
            Transactor tx = db.transactor();
            tx.write(h -> h.execute("ANALYZE deliveries")); // empty: nothing known of callback_due
            List<String> unhinted = plan(tx, null);
            List<String> hinted = plan(tx, tx.indexScans());
            assertThat(unhinted).as("the setting is needed: " + String.join("\n", unhinted))
                    .anyMatch(line -> line.contains("Seq Scan on deliveries"));
            assertThat(hinted).as(String.join("\n", hinted))
                    .anyMatch(line -> line.contains("using deliveries_callback_due"))
                    .anyMatch(line -> line.contains("using callbacks_due"))
                    .noneMatch(line -> line.contains("Seq Scan"));
        }
    }

    private static List<String> plan(Transactor tx, String hint) {
        return tx.write(h -> {
            if (hint != null) {
                h.execute(hint);
            }
            h.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            h.execute("PREPARE poll AS " + TestDatabases.numbered(JdbcCallbackQueue.ANY_DUE)[0]);
            List<String> lines = h.createQuery("EXPLAIN EXECUTE poll(0)").mapTo(String.class).list();
            h.execute("DEALLOCATE poll");
            return lines;
        });
    }
}
