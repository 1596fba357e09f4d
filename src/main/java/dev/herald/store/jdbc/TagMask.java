package dev.herald.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * A 64-bit signature of a Binding's tag set, stored with each of its {@code binding_tags} rows so that a list by
 * several tags can skip, inside the index, the rows of its driving tag that cannot carry the others: each tag sets
 * two bits, and a row whose mask lacks a bit of another filter tag is not a match (a row that has the bits may
 * still not be one, so it is then checked exactly). {@link #UNKNOWN} (all bits set) marks a row written before
 * masks existed: it passes every filter and is checked exactly, so a partly filled table lists the same Bindings.
 *
 * <p>The hash is part of the stored format: FNV-1a (64-bit) of the tag's UTF-8 bytes, finished with MurmurHash3's
 * fmix64; its low six bits and the next six pick the two bits. Changing it needs a migration that resets every
 * mask to {@link #UNKNOWN}. A mask of at most 20 tags sets at most 40 bits, so it never equals {@link #UNKNOWN}.
 */
public final class TagMask {
    /** The mask of a row whose tag set is not known: every filter passes it. */
    public static final long UNKNOWN = -1L;

    private TagMask() {
    }

    /** The mask of a tag set: the bits of each of its tags. */
    public static long of(Collection<String> tags) {
        long mask = 0;
        for (String tag : tags) {
            mask |= of(tag);
        }
        return mask;
    }

    /** The two bits of one tag (one bit when both picks agree). */
    public static long of(String tag) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return 1L << (hash & 63) | 1L << ((hash >>> 6) & 63);
    }
}
