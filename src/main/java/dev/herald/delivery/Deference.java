package dev.herald.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Lets a burst of API requests go first: before each step of its work (a fan-out chunk, a claim, a batch of
 * outcomes), an engine thread waits while the API is crowded (several requests at once), for at most a bound
 * ({@value #MAX_MILLIS} ms in a running server). A hundred sends at once are thus answered before the fan-outs
 * they start take the cores and SQLite's one writer, while even a steady crowd only slows the engine down: every
 * step still runs after the longest wait. Thread-safe.
 */
final class Deference {
    /** The longest an engine step waits for the API in a running server. */
    static final long MAX_MILLIS = 100;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** What {@link #to} set, read together. */
    private record Signal(BooleanSupplier crowded, long maxNanos) {
    }

    private volatile Signal signal = new Signal(() -> false, 0);
    private final LongAdder waitedNanos = new LongAdder();

    /** From now on, steps wait up to {@code maxMillis} while {@code apiCrowded} says true (by default never). */
    void to(BooleanSupplier apiCrowded, long maxMillis) {
        this.signal = new Signal(apiCrowded, TimeUnit.MILLISECONDS.toNanos(maxMillis));
    }

    /** The time steps have waited, in all. */
    long waitedNanos() {
        return waitedNanos.sum();
    }

    /** Waits until the API is no longer crowded, the bound has passed, or {@code running} turns false. */
    void await(BooleanSupplier running) {
        Signal s = signal;
        if (!s.crowded().getAsBoolean()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + s.maxNanos();
        while (s.crowded().getAsBoolean() && running.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        waitedNanos.add(System.nanoTime() - start);
    }
}
