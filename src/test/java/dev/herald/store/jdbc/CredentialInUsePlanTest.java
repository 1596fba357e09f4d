package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Credential delete checks that nothing names it by index probes, not by reading every Service (migration V4),
 * on SQLite. See {@code PostgresCredentialInUsePlanTest} for PostgreSQL.
 */
@Timeout(60)
class CredentialInUsePlanTest {
    @TempDir
    Path dir;

    @Test
    void theInUseCheckProbesAnIndexPerColumn() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        try (Database db = Database.openSqlite(dir.resolve("herald.db"), key, 1)) {
            List<String> plan = db.transactor().read(h -> h.createQuery("EXPLAIN QUERY PLAN "
                    + JdbcCredentialStore.IN_USE).bind("sid", "CR1").map((rs, ctx) -> rs.getString("detail")).list());
            assertThat(plan).as(String.join("\n", plan)).noneMatch(line -> line.startsWith("SCAN"))
                    .anyMatch(line -> line.contains("services_by_apn_credential"))
                    .anyMatch(line -> line.contains("services_by_gcm_credential"))
                    .anyMatch(line -> line.contains("services_by_fcm_credential"))
                    .anyMatch(line -> line.contains("bindings_by_credential"));
        }
    }
}
