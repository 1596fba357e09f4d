package dev.herald.domain;

/**
 * One page of a keyset-paged list: {@code size} rows after {@code after} (forward) or before {@code before}
 * (backward, still returned in ascending order). Both null means the first page.
 */
public record PageRequest(int size, Position after, Position before) {
    public PageRequest {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive.");
        }
        if (after != null && before != null) {
            throw new IllegalArgumentException("A page is either after or before a position, not both.");
        }
    }

    public static PageRequest first(int size) {
        return new PageRequest(size, null, null);
    }

    public boolean backward() {
        return before != null;
    }
}
