package dev.herald.store.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of one long-lived SQLite connection, so that each SQL text is compiled once
 * instead of on every use: the {@link #MAX_STATEMENTS} most recently used ones (list queries vary with their
 * filters), closing the one it drops. Statements close with the connection. Not thread-safe: one connection is
 * used by one thread at a time.
 */
final class CachingStatementBuilder implements StatementBuilder {
    static final int MAX_STATEMENTS = 200;

    private final StatementBuilder plain = new DefaultStatementBuilder();
    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                // a statement that cannot be closed is released with its connection
            }
            return true;
        }
    };

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return plain.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
            return plain.create(conn, sql, ctx);
        }
        PreparedStatement cached = cache.get(sql);
        if (cached == null || cached.isClosed()) {
            cached = conn.prepareStatement(sql);
            cache.put(sql, cached);
        }
        return cached;
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return plain.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
        if (cache.get(sql) != stmt) {
            plain.close(conn, sql, stmt);
        }
    }

    @Override
    public void close(Connection conn) {
        for (PreparedStatement statement : cache.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // the connection closes next anyway
            }
        }
        cache.clear();
    }
}
