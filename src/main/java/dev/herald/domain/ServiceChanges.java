package dev.herald.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The parameters of a Service create or update, each named by its wire parameter. A field that was not given
 * (null) keeps the current value, or the default on create; an empty string clears an optional field, and an empty
 * protocol version restores "3". Each setter of the {@link Builder} records the field's check and its edit, so the
 * list of settable fields is written once. Immutable.
 */
public final class ServiceChanges {
    private final List<Consumer<CredentialRefs>> checks;
    private final List<Consumer<Service.Builder>> edits;
    /** The Credential parameters given (not empty), in the order given: wire name to Credential SID. */
    private final Map<String, String> credentials;

    private ServiceChanges(Builder b) {
        checks = List.copyOf(b.checks);
        edits = List.copyOf(b.edits);
        credentials = new LinkedHashMap<>(b.credentials);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the given parameters; every setter takes null as "not given". Not thread-safe. */
    public static final class Builder {
        private final List<Consumer<CredentialRefs>> checks = new ArrayList<>();
        private final List<Consumer<Service.Builder>> edits = new ArrayList<>();
        private final Map<String, String> credentials = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder friendlyName(String v) {
            return text(v, Service.Builder::friendlyName, refs -> Validate.maxLength("FriendlyName", v, Services.MAX_NAME));
        }

        public Builder apnCredentialSid(String v) {
            return credential("ApnCredentialSid", v, Service.Builder::apnCredentialSid, BindingType.APN);
        }

        public Builder gcmCredentialSid(String v) {
            return credential("GcmCredentialSid", v, Service.Builder::gcmCredentialSid, BindingType.GCM);
        }

        public Builder fcmCredentialSid(String v) {
            return credential("FcmCredentialSid", v, Service.Builder::fcmCredentialSid, BindingType.FCM);
        }

        /** Herald's extension: the facebook-messenger Credential (page access token) of the Service's Messenger Bindings. */
        public Builder facebookMessengerCredentialSid(String v) {
            return credential("FacebookMessengerCredentialSid", v, Service.Builder::facebookMessengerCredentialSid,
                    BindingType.FACEBOOK_MESSENGER);
        }

        public Builder messagingServiceSid(String v) {
            return text(v, Service.Builder::messagingServiceSid,
                    refs -> Validate.sidOrEmpty("MessagingServiceSid", Sids.MESSAGING_SERVICE, v));
        }

        public Builder facebookMessengerPageId(String v) {
            return text(v, Service.Builder::facebookMessengerPageId,
                    refs -> Validate.maxLength("FacebookMessengerPageId", v, 256));
        }

        public Builder defaultApnNotificationProtocolVersion(String v) {
            return version(v, "DefaultApnNotificationProtocolVersion", Service.Builder::defaultApnNotificationProtocolVersion);
        }

        public Builder defaultGcmNotificationProtocolVersion(String v) {
            return version(v, "DefaultGcmNotificationProtocolVersion", Service.Builder::defaultGcmNotificationProtocolVersion);
        }

        public Builder defaultFcmNotificationProtocolVersion(String v) {
            return version(v, "DefaultFcmNotificationProtocolVersion", Service.Builder::defaultFcmNotificationProtocolVersion);
        }

        public Builder defaultAlexaNotificationProtocolVersion(String v) {
            return version(v, "DefaultAlexaNotificationProtocolVersion",
                    Service.Builder::defaultAlexaNotificationProtocolVersion);
        }

        public Builder logEnabled(Boolean v) {
            if (v != null) {
                edits.add(b -> b.logEnabled(v));
            }
            return this;
        }

        public Builder alexaSkillId(String v) {
            return text(v, Service.Builder::alexaSkillId, refs -> Validate.maxLength("AlexaSkillId", v, 256));
        }

        public Builder deliveryCallbackUrl(String v) {
            return text(v, Service.Builder::deliveryCallbackUrl, refs -> CallbackUrls.check("DeliveryCallbackUrl", v));
        }

        public Builder deliveryCallbackEnabled(Boolean v) {
            if (v != null) {
                edits.add(b -> b.deliveryCallbackEnabled(v));
            }
            return this;
        }

        public ServiceChanges build() {
            return new ServiceChanges(this);
        }

        /** A Credential SID for {@code channel}: checked against the account's Credentials, then set ("" clears it). */
        private Builder credential(String parameter, String v, BiConsumer<Service.Builder, String> set,
                                   BindingType channel) {
            if (v != null && !v.isEmpty()) {
                credentials.putIfAbsent(parameter, v);
            }
            return text(v, set, refs -> refs.check(parameter, v, channel));
        }

        /** An optional text field: checked, then set ("" clears it). */
        private Builder text(String v, BiConsumer<Service.Builder, String> set, Consumer<CredentialRefs> check) {
            if (v != null) {
                checks.add(check);
                edits.add(b -> set.accept(b, Validate.emptyToNull(v)));
            }
            return this;
        }

        /** A default protocol version: checked, then set ("" restores "3"). */
        private Builder version(String v, String parameter, BiConsumer<Service.Builder, String> set) {
            if (v != null) {
                checks.add(refs -> ProtocolVersions.check(parameter, v));
                edits.add(b -> set.accept(b, v.isEmpty() ? Service.DEFAULT_PROTOCOL_VERSION : v));
            }
            return this;
        }
    }

    /** Checks every given field, in the order given; {@code refs} resolves Credential SIDs in the caller's account. */
    void validate(CredentialRefs refs) {
        checks.forEach(check -> check.accept(refs));
    }

    /**
     * The refusal of the first given parameter that names {@code credentialSid}, a Credential found missing when
     * the Service was stored (deleted after {@link #validate}); worded as {@link #validate} words it.
     */
    InvalidParameterException credentialMissing(String credentialSid) {
        for (Map.Entry<String, String> given : credentials.entrySet()) {
            if (given.getValue().equals(credentialSid)) {
                return CredentialRefs.missing(given.getKey(), credentialSid);
            }
        }
        // A Credential that the Service already names cannot be deleted (CredentialStore#delete): only a given one.
        throw new IllegalStateException("A Credential that no parameter named went missing from a Service.");
    }

    /** {@code s} with these changes applied, updated at {@code now}. */
    Service applyTo(Service s, long now) {
        Service.Builder b = s.toBuilder();
        edits.forEach(edit -> edit.accept(b));
        return b.dateUpdated(now).build();
    }
}
