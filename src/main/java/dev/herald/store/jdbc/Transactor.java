package dev.herald.store.jdbc;

import org.jdbi.v3.core.HandleCallback;

/**
 * Runs units of database work. A write runs in a transaction that is committed durably (fsync) before
 * {@link #write} returns; if the callback throws, its changes are rolled back and the exception is rethrown.
 * Reads see committed data only. Thread-safe.
 */
public interface Transactor extends AutoCloseable {
    <T> T read(HandleCallback<T, RuntimeException> work);

    <T> T write(HandleCallback<T, RuntimeException> work);

    @Override
    void close();
}
