package dev.herald.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which Bindings of a Service to select, with Notify's tag rules already applied: a Binding matches when its
 * identity is one of {@link #identities} (empty: any), it carries every tag of {@link #tags} explicitly, it is of
 * {@link #type} (null: any), and its {@code dateCreated} lies in {@code [createdFrom, createdBefore)} (null bounds
 * are open). {@link #none} says that no Binding can match. Build one from request parameters with {@link #of}.
 * Immutable.
 */
public record BindingFilter(List<String> identities, List<String> tags, BindingType type, boolean none,
                            Long createdFrom, Long createdBefore) {
    /** Notify's documented limits on a filter. */
    public static final int MAX_TAGS = 5;
    public static final int MAX_IDENTITIES = 20;
    /** The tag every Binding has implicitly. */
    public static final String ALL = "all";

    public BindingFilter {
        identities = List.copyOf(identities);
        tags = List.copyOf(tags);
    }

    /**
     * Applies Notify's tag rules to requested {@code tags}: {@code all} matches every Binding; a type name in
     * lowercase ({@code apn}, {@code gcm}, {@code sms}, {@code fcm}, {@code facebook-messenger}) matches the Bindings of
     * that type, and two different ones match nothing (a Binding has one type); every other tag, {@code alexa}
     * included, must be one of the Binding's own tags. Duplicates count once. At most {@value #MAX_TAGS} tags and
     * {@value #MAX_IDENTITIES} identities may be asked for.
     */
    public static BindingFilter of(List<String> identities, List<String> tags, Long createdFrom, Long createdBefore) {
        if (tags.size() > MAX_TAGS) {
            throw new InvalidParameterException("Tag", "at most " + MAX_TAGS + " tags are allowed");
        }
        if (identities.size() > MAX_IDENTITIES) {
            throw new InvalidParameterException("Identity", "at most " + MAX_IDENTITIES + " identities are allowed");
        }
        List<String> explicit = new ArrayList<>();
        BindingType type = null;
        boolean none = false;
        for (String tag : new LinkedHashSet<>(tags)) {
            BindingType implied = implicitType(tag);
            if (tag.equals(ALL)) {
                continue;
            }
            if (implied == null) {
                explicit.add(tag);
            } else if (type == null) {
                type = implied;
            } else {
                none = true;
            }
        }
        return new BindingFilter(identities, explicit, type, none, createdFrom, createdBefore);
    }

    /** The type a tag names implicitly, or null: the lowercase type names but {@code alexa}. */
    static BindingType implicitType(String tag) {
        if (tag.equals(BindingType.ALEXA.wire())) {
            return null;
        }
        return BindingType.fromWire(tag).filter(t -> t.wire().equals(tag)).orElse(null);
    }

    /** Whether {@code b} is selected by this filter. */
    public boolean matches(Binding b) {
        return !none
                && (identities.isEmpty() || identities.contains(b.identity()))
                && b.tags().containsAll(tags)
                && (type == null || b.bindingType() == type)
                && (createdFrom == null || b.dateCreated() >= createdFrom)
                && (createdBefore == null || b.dateCreated() < createdBefore);
    }
}
