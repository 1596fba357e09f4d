package dev.herald.store;

import java.util.List;

/**
 * Which Bindings of a Service to list: identity is any of {@code identities} (empty: any), every tag of
 * {@code tags} matches (explicitly, or implicitly: {@code all}, or the Binding's type name), and
 * {@code dateCreated} lies in {@code [createdFrom, createdBefore)} (null bounds are open).
 */
public record BindingFilter(List<String> identities, List<String> tags, Long createdFrom, Long createdBefore) {
    public BindingFilter {
        identities = List.copyOf(identities);
        tags = List.copyOf(tags);
    }

    public static final BindingFilter ALL = new BindingFilter(List.of(), List.of(), null, null);
}
