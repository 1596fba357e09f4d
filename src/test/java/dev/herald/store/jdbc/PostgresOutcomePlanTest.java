package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestDatabases;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A claim's outcomes are written by a probe of each one's key, on PostgreSQL as pooled connections plan it (one
 * generic plan per prepared statement), even when the statistics were gathered while nothing was queued: the plan
 * must neither read the partial index of queued deliveries nor scan the table, which a million rows make a read of
 * a million entries per claim.
 */
@Timeout(60)
class PostgresOutcomePlanTest {
    @Test
    void anOutcomeProbesTheKeyWhateverTheStatisticsSay() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        try (Database db = Database.openPostgres(TestDatabases.newPostgresDatabase(), null, null, 2, key)) {
            for (boolean countAttempts : List.of(true, false)) {
                List<String> plan = db.transactor().write(h -> {
                    h.execute("INSERT INTO deliveries (notification_sid, binding_type, address, status, due, claimed, "
                            + "attempts, date_created, date_updated) SELECT 'NT' || (i % 10), 'fcm', 'token-' || i, "
                            + "1, 0, 0, 1, 0, 0 FROM generate_series(1, 20000) AS i");
                    h.execute("ANALYZE deliveries"); // all delivered: status 0 looks rare
                    h.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                    String[] sql = TestDatabases.numbered(OutcomeRows.atOnce(countAttempts));
                    h.execute("PREPARE outcome AS " + sql[0]);
                    List<String> lines = h.createQuery("EXPLAIN EXECUTE outcome(" + sql[1] + ")").mapTo(String.class)
                            .list();
                    h.execute("DEALLOCATE outcome");
                    return lines;
                });
                assertThat(plan).as(String.join("\n", plan))
                        .anyMatch(line -> line.contains("Index Scan using deliveries_pkey"))
                        .noneMatch(line -> line.contains("deliveries_due") || line.contains("Seq Scan on deliveries"));
            }
        }
    }
}
