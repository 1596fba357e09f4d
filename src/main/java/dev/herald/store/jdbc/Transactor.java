package dev.herald.store.jdbc;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Runs units of database work. A write runs in a transaction that is committed durably (fsync) before
 * {@link #write} returns; if the callback throws, its changes are rolled back and the exception is rethrown.
 * Reads see committed data only. Thread-safe.
 */
public interface Transactor extends AutoCloseable {
    <T> T read(HandleCallback<T, RuntimeException> work);

    <T> T write(HandleCallback<T, RuntimeException> work);

    /**
     * {@link #write} for work of exactly one statement. Where each write is a transaction of its own (PostgreSQL),
     * it runs without {@code BEGIN} and {@code COMMIT}: the server commits the statement, durably, in the one round
     * trip that runs it, where a transaction takes one more for its {@code COMMIT} and holds its connection that much
     * longer. Work of more than one statement would commit each on its own: use {@link #write}.
     */
    default <T> T writeStatement(HandleCallback<T, RuntimeException> work) {
        return write(work);
    }

    /**
     * {@link #write} for work no request waits on (the delivery engine's batches): where writes take turns on one
     * connection (SQLite), requests' writes go first, and at most one background unit joins each commit, so a
     * request never waits behind more than one of them. It may return before its commit is durable (PostgreSQL:
     * {@code synchronous_commit = off}; SQLite: {@code synchronous=NORMAL} unless a request shares the commit), so
     * its work must be safe to lose and redo after a crash of the database server (SQLite: of the machine).
     */
    default <T> T writeBackground(HandleCallback<T, RuntimeException> work) {
        return write(work);
    }

    /**
     * Begins a transaction of {@link #writeBackground}'s kind that outlives this call, on a connection of its own
     * (the engine's claims on PostgreSQL, {@link HeldClaims}): the caller commits or rolls it back, then closes the
     * handle. Where the server takes it, the server ends the transaction, and its session, once it has been idle
     * for {@code idleMillis}, so that the locks of a node that stopped answering do not outlive that time. Only
     * where several processes share the store; SQLite's one writer cannot be held.
     *
     * @throws UnsupportedOperationException on SQLite
     */
    default Handle beginBackground(long idleMillis) {
        throw new UnsupportedOperationException("A transaction cannot be held open on this store");
    }

    /**
     * The statement that makes the transaction under way plan its joins over whole ranges rather than one probe a
     * row (PostgreSQL's {@code SET LOCAL enable_nestloop = off}); null where the server does not take it.
     */
    default String rangeJoins() {
        return null;
    }

    /**
     * The statement that makes the transaction under way read a table through an index wherever one serves
     * (PostgreSQL's {@code SET LOCAL enable_seqscan = off}), whatever the statistics say; null where the server does
     * not take it.
     */
    default String indexScans() {
        return null;
    }

    /** The connections' and the write queue's figures now, for metrics. */
    Database.Figures figures();

    @Override
    void close();
}
