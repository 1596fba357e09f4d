package dev.herald.store.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of one long-lived connection, so that the SQLite writer compiles each SQL text
 * once instead of on every write. Statements close with the connection. Not thread-safe: it serves the single
 * writer thread only.
 */
final class CachingStatementBuilder implements StatementBuilder {
    private final StatementBuilder plain = new DefaultStatementBuilder();
    private final Map<String, PreparedStatement> cache = new HashMap<>();

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
