package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine step waits while the API is crowded, never longer than the bound, and not at all when it is not, no
 * signal was given, or the engine is stopping; the time waited is counted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeferenceTest {
    private static long millisOf(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void withoutASignalOrWhileTheApiIsNotCrowdedAStepGoesAtOnce() {
        Deference d = new Deference();
        assertThat(millisOf(() -> d.await(() -> true))).isLessThan(5_000);
        d.to(() -> false, 20_000);
        assertThat(millisOf(() -> d.await(() -> true))).isLessThan(5_000);
        assertThat(d.waitedNanos()).isZero();
    }

    @Test
    void whileTheApiIsCrowdedAStepWaitsUntilTheBound() {
        Deference d = new Deference();
        d.to(() -> true, 300);
        assertThat(millisOf(() -> d.await(() -> true))).isBetween(300L, 5_000L);
        assertThat(d.waitedNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aStepGoesOnceTheCrowdIsGone() {
        Deference d = new Deference();
        long goneAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        d.to(() -> System.nanoTime() < goneAt, 20_000);
        assertThat(millisOf(() -> d.await(() -> true))).isBetween(190L, 10_000L);
    }

    @Test
    void aStoppingEngineDoesNotWait() {
        Deference d = new Deference();
        d.to(() -> true, 20_000);
        assertThat(millisOf(() -> d.await(() -> false))).isLessThan(10_000);
    }
}
