package dev.herald.domain;

import java.util.Objects;

/**
 * One element of a Notification's {@code ToBinding}: an address to notify directly, with no stored Binding.
 * {@code toString} leaves out the address, which is personal data.
 */
public record DirectTarget(BindingType bindingType, String address) {
    public DirectTarget {
        Objects.requireNonNull(bindingType, "bindingType must not be null.");
        Objects.requireNonNull(address, "address must not be null.");
    }

    @Override
    public String toString() {
        return "DirectTarget[type=" + bindingType.wire() + "]";
    }
}
