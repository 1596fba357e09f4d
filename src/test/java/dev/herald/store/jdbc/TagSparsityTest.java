package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.store.jdbc.TagSparsity.Estimate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tag estimates are reused for a while per Service and tag, then probed again, and their number is bounded. */
@Timeout(10)
class TagSparsityTest {
    private static final int FULL = TagSparsity.PROBE_ROWS;
    private final TagSparsity sparsity = new TagSparsity();
    private final AtomicInteger probes = new AtomicInteger();

    private Supplier<Estimate> probe(long span) {
        return () -> {
            probes.incrementAndGet();
            return new Estimate(FULL, span);
        };
    }

    @Test
    void anEstimateIsReusedWithinItsLifetimeAndProbedAgainAfter() {
        assertThat(sparsity.estimate("IS1", "news", 0, probe(7)).span()).isEqualTo(7);
        assertThat(sparsity.estimate("IS1", "news", TagSparsity.TTL_NANOS - 1, probe(9)).span()).isEqualTo(7);
        assertThat(probes).hasValue(1);
        assertThat(sparsity.estimate("IS1", "news", TagSparsity.TTL_NANOS, probe(9)).span()).isEqualTo(9);
        assertThat(probes).hasValue(2);
    }

    @Test
    void estimatesAreKeptPerServiceAndTag() {
        sparsity.estimate("IS1", "news", 0, probe(1));
        assertThat(sparsity.estimate("IS2", "news", 0, probe(2)).span()).isEqualTo(2);
        assertThat(sparsity.estimate("IS1", "sport", 0, probe(3)).span()).isEqualTo(3);
        assertThat(sparsity.estimate("IS1", "news", 0, probe(4)).span()).isEqualTo(1);
        assertThat(probes).hasValue(3);
    }

    @Test
    void theCacheStaysBoundedWhateverTheNumberOfTags() {
        for (int i = 0; i < TagSparsity.MAX_ENTRIES * 3; i++) {
            sparsity.estimate("IS1", "tag-" + i, 0, probe(i));
            assertThat(sparsity.size()).isLessThanOrEqualTo(TagSparsity.MAX_ENTRIES);
        }
        assertThat(probes).hasValue(TagSparsity.MAX_ENTRIES * 3);
    }

    @Test
    void fewerRowsThanAProbeIsSparserThanAnyFullProbeAndALongerSpanIsSparser() {
        assertThat(new Estimate(FULL - 1, 1).score()).isGreaterThan(new Estimate(FULL, Long.MAX_VALUE / 2).score());
        assertThat(new Estimate(10, 1).score()).isGreaterThan(new Estimate(11, 1).score());
        assertThat(new Estimate(FULL, 1_000).score()).isGreaterThan(new Estimate(FULL, 999).score());
    }

    @Test
    void aTagIsFarSparserWhenItHasFewRowsOrItsSpanIsManyTimesLonger() {
        Estimate dense = new Estimate(FULL, 1_000);
        assertThat(new Estimate(5, 10).farSparserThan(dense)).isTrue();
        assertThat(new Estimate(FULL, 1_000 * TagSparsity.FAR).farSparserThan(dense)).isTrue();
        assertThat(new Estimate(FULL, 1_000 * TagSparsity.FAR - 1).farSparserThan(dense)).isFalse();
        assertThat(new Estimate(FULL, 5_000).farSparserThan(new Estimate(3, 0))).isFalse();
    }
}
