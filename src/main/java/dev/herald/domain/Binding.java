package dev.herald.domain;

import java.util.List;
import java.util.Objects;

/**
 * A Binding of an identity to a channel address within a Service. {@code tags} holds the explicit tags only,
 * in the order given, without duplicates; implicit tags ({@code all} and the type names) are never stored.
 * {@code toString} leaves out the address, which is personal data.
 */
public record Binding(
        String sid,
        String accountSid,
        String serviceSid,
        String credentialSid,
        String identity,
        BindingType bindingType,
        String address,
        List<String> tags,
        String notificationProtocolVersion,
        String endpoint,
        long dateCreated,
        long dateUpdated) {

    public Binding {
        Objects.requireNonNull(bindingType, "bindingType must not be null.");
        tags = List.copyOf(tags);
    }

    /** This Binding with {@code version} as its notification protocol version. */
    public Binding withNotificationProtocolVersion(String version) {
        return new Binding(sid, accountSid, serviceSid, credentialSid, identity, bindingType, address, tags, version,
                endpoint, dateCreated, dateUpdated);
    }

    @Override
    public String toString() {
        return "Binding[sid=" + sid + ", serviceSid=" + serviceSid + ", type=" + bindingType.wire() + "]";
    }
}
