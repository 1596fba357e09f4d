package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stored tag-set signature: its format, what a set's mask holds, and that it never reads as unknown. */
@Timeout(10)
class TagMaskTest {
    @Test
    void theHashIsTheStoredFormat() {
        // Computed apart from this code (FNV-1a 64 over UTF-8, fmix64, bits hash & 63 and (hash >>> 6) & 63).
        assertThat(TagMask.of("news")).isEqualTo(0x800000000001L);
        assertThat(TagMask.of("tag-0")).isEqualTo(0x400000000000002L);
        assertThat(TagMask.of("Zürich")).isEqualTo(0x810000L);
    }

    @Test
    void eachTagSetsOneOrTwoBitsAndASetHoldsExactlyTheBitsOfItsTags() {
        Random random = new Random(3);
        for (int round = 0; round < 1_000; round++) {
            List<String> tags = new ArrayList<>();
            long union = 0;
            for (int i = random.nextInt(21); i > 0; i--) {
                String tag = "t" + random.nextInt(100_000);
                tags.add(tag);
                assertThat(Long.bitCount(TagMask.of(tag))).isBetween(1, 2);
                union |= TagMask.of(tag);
            }
            long mask = TagMask.of(tags);
            assertThat(mask).isEqualTo(union);
            assertThat(Long.bitCount(mask)).isLessThanOrEqualTo(40);
            assertThat(mask).isNotEqualTo(TagMask.UNKNOWN);
        }
        assertThat(TagMask.of(List.of())).isZero();
    }

    @Test
    void tagsSpreadOverAllSixtyFourBits() {
        long seen = 0;
        for (int i = 0; i < 1_000; i++) {
            seen |= TagMask.of("tag-" + i);
        }
        assertThat(seen).isEqualTo(TagMask.UNKNOWN);
    }
}
