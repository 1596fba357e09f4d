package dev.herald.store.jdbc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Counts the writes to what deliveries are resolved with at delivery time (Services and Credentials) made through
 * this process, so that the delivery engine can keep what it read until one of them happens. Writes made by
 * another node are not counted. A write is counted after it ends, committed or not: a reader that sees the count
 * unchanged read nothing older than the last counted write. Thread-safe.
 */
final class SettingsVersion {
    private final AtomicLong count = new AtomicLong();

    /** Runs {@code write}, then counts it, whether it succeeded or threw. */
    <T> T counting(Supplier<T> write) {
        try {
            return write.get();
        } finally {
            count.incrementAndGet();
        }
    }

    long current() {
        return count.get();
    }
}
