package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tag estimates are reused for a while per Service and tag, then probed again, and their number is bounded. */
@Timeout(10)
class TagSparsityTest {
    private final TagSparsity sparsity = new TagSparsity();
    private final AtomicInteger probes = new AtomicInteger();

    private LongSupplier probe(long score) {
        return () -> {
            probes.incrementAndGet();
            return score;
        };
    }

    @Test
    void anEstimateIsReusedWithinItsLifetimeAndProbedAgainAfter() {
        assertThat(sparsity.score("IS1", "news", 0, probe(7))).isEqualTo(7);
        assertThat(sparsity.score("IS1", "news", TagSparsity.TTL_NANOS - 1, probe(9))).isEqualTo(7);
        assertThat(probes).hasValue(1);
        assertThat(sparsity.score("IS1", "news", TagSparsity.TTL_NANOS, probe(9))).isEqualTo(9);
        assertThat(probes).hasValue(2);
    }

    @Test
    void estimatesAreKeptPerServiceAndTag() {
        sparsity.score("IS1", "news", 0, probe(1));
        assertThat(sparsity.score("IS2", "news", 0, probe(2))).isEqualTo(2);
        assertThat(sparsity.score("IS1", "sport", 0, probe(3))).isEqualTo(3);
        assertThat(sparsity.score("IS1", "news", 0, probe(4))).isEqualTo(1);
        assertThat(probes).hasValue(3);
    }

    @Test
    void theCacheStaysBoundedWhateverTheNumberOfTags() {
        for (int i = 0; i < TagSparsity.MAX_ENTRIES * 3; i++) {
            sparsity.score("IS1", "tag-" + i, 0, probe(i));
            assertThat(sparsity.size()).isLessThanOrEqualTo(TagSparsity.MAX_ENTRIES);
        }
        assertThat(probes).hasValue(TagSparsity.MAX_ENTRIES * 3);
    }
}
