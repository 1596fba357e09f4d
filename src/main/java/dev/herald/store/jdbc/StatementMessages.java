package dev.herald.store.jdbc;

import org.jdbi.v3.core.config.Configurable;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * What the message of a failed statement says: the driver's message and the statement's SQL text, which holds named
 * parameters only, never the values bound to them. Jdbi's default appends the arguments, and they carry Binding
 * addresses and identities, token hashes and sealed secrets, which would then reach the log with every failure.
 */
final class StatementMessages {
    /** Characters of SQL text kept in a message. */
    static final int MAX_SQL = 500;

    private StatementMessages() {
    }

    /** Configures {@code jdbi} (a {@code Jdbi} or a {@code Handle}) to render failed statements without arguments. */
    static <T extends Configurable<T>> T withoutArguments(T jdbi) {
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementMessages::render);
        return jdbi;
    }

    static String render(StatementException failure) {
        StatementContext context = failure.getStatementContext();
        String sql = context == null ? null : context.getRenderedSql();
        if (sql == null) {
            return failure.getShortMessage();
        }
        String shown = sql.length() <= MAX_SQL ? sql : sql.substring(0, MAX_SQL) + "…";
        return failure.getShortMessage() + " [statement:\"" + shown + "\"]";
    }
}
