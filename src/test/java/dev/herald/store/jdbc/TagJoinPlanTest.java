package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.BindingFilter;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, the Bindings of a tag are found through the Service's index in the tag rows' order, one probe of all
 * three of its columns a row, not through the SID's unique index nor by a range of the Service's index a row
 * ({@link Dialect#tagJoin}); in a fan-out chunk and in a list page, with one tag and with several, on a database
 * without statistics (a new one) and with them.
 */
@Timeout(60)
class TagJoinPlanTest {
    private static final String PROBE = "SEARCH b USING INDEX bindings_by_service (service_sid=? AND date_created=? "
            + "AND sid=?)";

    @TempDir
    Path dir;

    @Test
    void theBindingsOfATagAreProbedInTheirTagRowsOrder() {
        try (Database db = Database.openSqlite(dir.resolve("herald.db"), new byte[32], 1)) {
            Transactor tx = db.transactor();
            assertPlans(tx);
            tx.write(h -> h.execute("ANALYZE"));
            assertPlans(tx);
        }
    }

    private static void assertPlans(Transactor tx) {
        BindingListQuery query = new BindingListQuery(Dialect.SQLITE);
        Position from = new Position(1_700_000_000L, "BS1");
        Position end = new Position(1_700_000_900L, "BS9");
        for (List<String> tags : List.of(List.of("news"), List.of("news", "sports"))) {
            tx.read(h -> {
                BindingListQuery.Selection s = query.select(h, "AC1", "IS1", BindingFilter.of(List.of(), tags, null,
                        1_800_000_000L));
                for (Position after : Arrays.asList(null, from)) {
                    assertProbes(h, s, FanOutSql.insertSql(s, after, end, null));
                    assertProbes(h, s, FanOutSql.insertSql(s, after, null, null));
                    assertProbes(h, s, BindingListQuery.sql(s, new PageRequest(50, after, null)));
                }
                assertProbes(h, s, BindingListQuery.sql(s, new PageRequest(50, null, from)));
                return null;
            });
        }
    }

    private static void assertProbes(Handle h, BindingListQuery.Selection s, String sql) {
        var explain = s.bind(h.createQuery("EXPLAIN QUERY PLAN " + sql));
        explain.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        explain.bind("notification", "NT1").bind("now", 1).bind("ec", 1).bind("es", "BS").bind("kc", 1)
                .bind("ks", "BS").bind("limit", 51);
        List<String> plan = explain.map((rs, ctx) -> rs.getString("detail")).list();
        assertThat(plan).as(sql + "\n" + String.join("\n", plan))
                .anyMatch(line -> line.startsWith("SEARCH t0 USING PRIMARY KEY (service_sid=? AND tag=?"))
                .anyMatch(line -> line.equals(PROBE))
                .noneMatch(line -> line.contains("sqlite_autoindex_bindings"))
                .noneMatch(line -> line.startsWith("SCAN"));
    }
}
