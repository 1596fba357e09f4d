package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.config.DbConfig;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /readyz} tells a balancer whether this node can serve: 503 with a reason when the schema lacks a migration
 * this version needs (on both engines), and on SQLite when the database file is gone from under the running server;
 * 200 again once the cause is gone. A PostgreSQL server that stops is in {@code PostgresOutageTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadinessTest {
    private static Connection sql(DbConfig db) throws SQLException {
        return DriverManager.getConnection(db.isSqlite() ? "jdbc:sqlite:" + db.sqliteFile() : db.jdbcUrl());
    }

    private static RawHttp.Reply readyz(TestHerald herald) {
        return new RawHttp(herald.baseUrl(), null, null).get("/readyz");
    }

    @Test
    void aMigrationMissingFromTheSchemaMakesTheNodeUnreadyUntilItIsBack() throws Exception {
        try (TestHerald herald = TestHerald.start(); Connection c = sql(herald.db()); Statement s = c.createStatement()) {
            assertThat(readyz(herald).status()).isEqualTo(200);
            assertThat(readyz(herald).json().get("status").asText()).isEqualTo("ready");
            s.executeUpdate("UPDATE flyway_schema_history SET success = false WHERE version = '1'");
            RawHttp.Reply reply = readyz(herald);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("status").asText()).isEqualTo("unavailable");
            assertThat(reply.json().get("reason").asText())
                    .isEqualTo("the database schema lacks 1 migration(s); run herald migrate");
            s.executeUpdate("UPDATE flyway_schema_history SET success = true WHERE version = '1'");
            assertThat(readyz(herald).status()).isEqualTo(200);
        }
    }

    @Test
    void aSqliteFileDeletedUnderTheServerMakesItUnready() throws Exception {
        try (TestHerald herald = TestHerald.start()) {
            assumeTrue(herald.db().isSqlite(), "PostgreSQL: see PostgresOutageTest");
            Path file = herald.db().sqliteFile();
            Path aside = file.resolveSibling("moved-aside.db");
            Files.move(file, aside);
            RawHttp.Reply reply = readyz(herald);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("reason").asText())
                    .isEqualTo("the SQLite database file is missing or was replaced");
            Files.move(aside, file);
            assertThat(readyz(herald).status()).isEqualTo(200);
        }
    }
}
