package dev.herald.testing;

import dev.herald.config.DbConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database engine the tests run on: SQLite files by default, or, with {@code -Dherald.test.engine=postgres}
 * (the second Surefire execution), a real PostgreSQL 18 started from embedded binaries once per test JVM, with a
 * fresh database for every server.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("herald.test.engine"));
    }

    /** A new, empty database for one Herald whose data directory is {@code dataDir}. */
    public static DbConfig fresh(Path dataDir) {
        return postgres() ? DbConfig.parse(newPostgresDatabase(), dataDir, 8) : DbConfig.parse(null, dataDir, 4);
    }

    /** {@link #fresh}'s URL form for a Herald process ({@code HERALD_DB_URL}); null means SQLite. */
    public static String freshUrl() {
        return postgres() ? newPostgresDatabase() : null;
    }

    /** Creates a new PostgreSQL database on the shared embedded server and returns its JDBC URL. */
    public static synchronized String newPostgresDatabase() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                EmbeddedPostgres started = postgres;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // the JVM is exiting anyway
                    }
                }));
            }
            String name = "herald_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name + "?user=postgres";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database", e);
        }
    }

    /**
     * Returns once a session of the database at {@code url} waits for a lock; fails after about 10 s. Polls from a
     * connection of its own: a transaction sees one snapshot of {@code pg_stat_activity}.
     */
    public static void awaitWaitingForALock(String url) throws SQLException, InterruptedException {
        try (Connection monitor = DriverManager.getConnection(url); Statement statement = monitor.createStatement()) {
            for (int i = 0; i < 1000; i++) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("No session ever waited for another transaction's lock.");
    }

    /**
     * {@code sql} with its named parameters as {@code $n} (each name one number), for {@code PREPARE … AS}, and as
     * many NULL arguments, for {@code EXECUTE}.
     */
    public static String[] numbered(String sql) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        Matcher m = Pattern.compile(":(\\w+)").matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = numbers.computeIfAbsent(m.group(1), k -> numbers.size() + 1);
            m.appendReplacement(out, "\\$" + n);
        }
        m.appendTail(out);
        return new String[] {out.toString(), String.join(", ", java.util.Collections.nCopies(numbers.size(), "NULL"))};
    }
}
