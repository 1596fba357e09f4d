package dev.herald.domain;

import java.util.List;

/**
 * The rows of one page in ascending order, and whether more rows lie beyond it in the direction read
 * (after the last row when reading forward, before the first when reading backward).
 */
public record Slice<T>(List<T> items, boolean more) {
    public Slice {
        items = List.copyOf(items);
    }
}
