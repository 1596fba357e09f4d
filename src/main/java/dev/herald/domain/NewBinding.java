package dev.herald.domain;

import java.util.List;

/**
 * The parameters of a Binding create, as given: {@code bindingType} is the raw wire value, and null means not
 * given. Immutable; build one with {@link #builder}.
 */
public record NewBinding(String identity, String bindingType, String address, List<String> tags,
                         String notificationProtocolVersion, String credentialSid, String endpoint) {
    public NewBinding {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Not thread-safe. */
    public static final class Builder {
        private String identity;
        private String bindingType;
        private String address;
        private List<String> tags = List.of();
        private String notificationProtocolVersion;
        private String credentialSid;
        private String endpoint;

        private Builder() {
        }

        public Builder identity(String v) { identity = v; return this; }
        public Builder bindingType(String v) { bindingType = v; return this; }
        public Builder address(String v) { address = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder notificationProtocolVersion(String v) { notificationProtocolVersion = v; return this; }
        public Builder credentialSid(String v) { credentialSid = v; return this; }
        public Builder endpoint(String v) { endpoint = v; return this; }

        public NewBinding build() {
            return new NewBinding(identity, bindingType, address, tags, notificationProtocolVersion, credentialSid,
                    endpoint);
        }
    }
}
