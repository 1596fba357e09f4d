package dev.herald.delivery;

import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;

/**
 * Where one delivery goes: the address of a stored Binding ({@code bindingSid} set) or of a {@code ToBinding}
 * element ({@code bindingSid}, {@code identity} and {@code protocolVersion} null), with what the channel needs to
 * reach it, resolved at delivery time: the push {@code credential} (null for sms and when none applies) and the
 * Service's {@code messagingServiceSid} (sms). {@code toString} leaves out the address and the identity.
 */
public record Target(String bindingSid, BindingType bindingType, String identity, String address,
                     String protocolVersion, Credential credential, String messagingServiceSid) {
    @Override
    public String toString() {
        return "Target[bindingSid=" + bindingSid + ", type=" + bindingType.wire() + "]";
    }
}
