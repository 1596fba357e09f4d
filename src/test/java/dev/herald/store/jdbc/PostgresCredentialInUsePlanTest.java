package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestDatabases;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Credential delete checks that nothing names it by index probes, not by reading every Service (migration V4),
 * on PostgreSQL as pooled connections plan it (one generic plan per prepared statement). See
 * {@code CredentialInUsePlanTest} for SQLite.
 */
@Timeout(60)
class PostgresCredentialInUsePlanTest {
    @Test
    void theInUseCheckProbesAnIndexPerColumn() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        try (Database db = Database.openPostgres(TestDatabases.newPostgresDatabase(), null, null, 2, key)) {
            List<String> plan = db.transactor().write(h -> {
                h.execute("INSERT INTO accounts (sid, auth_token_hash, date_created) VALUES ('AC1', 'h', 0)");
                h.execute("INSERT INTO services (sid, account_sid, log_enabled, delivery_callback_enabled, "
                        + "date_created, date_updated) SELECT 'IS' || i, 'AC1', true, false, i, i "
                        + "FROM generate_series(1, 20000) AS i");
                h.execute("ANALYZE services");
                h.execute("ANALYZE bindings");
                h.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                h.execute("PREPARE in_use(text) AS " + JdbcCredentialStore.IN_USE.replace(":sid", "$1"));
                return h.createQuery("EXPLAIN EXECUTE in_use('CR1')").mapTo(String.class).list();
            });
            assertThat(plan).as(String.join("\n", plan)).noneMatch(line -> line.contains("Seq Scan on services"))
                    .anyMatch(line -> line.contains("services_by_apn_credential"))
                    .anyMatch(line -> line.contains("services_by_gcm_credential"))
                    .anyMatch(line -> line.contains("services_by_fcm_credential"));
        }
    }
}
