package dev.herald.domain;

/**
 * The parameters of a Service create or update, each by its wire name. A field that was not given is null (keep
 * the current value, or the default on create); an empty string clears an optional field (a protocol version
 * goes back to "3"). Immutable; build one with {@link #builder}.
 */
public final class ServiceChanges {
    final String friendlyName;
    final String apnCredentialSid;
    final String gcmCredentialSid;
    final String fcmCredentialSid;
    final String messagingServiceSid;
    final String facebookMessengerPageId;
    final String defaultApnVersion;
    final String defaultGcmVersion;
    final String defaultFcmVersion;
    final String defaultAlexaVersion;
    final Boolean logEnabled;
    final String alexaSkillId;
    final String deliveryCallbackUrl;
    final Boolean deliveryCallbackEnabled;

    private ServiceChanges(Builder b) {
        friendlyName = b.friendlyName;
        apnCredentialSid = b.apnCredentialSid;
        gcmCredentialSid = b.gcmCredentialSid;
        fcmCredentialSid = b.fcmCredentialSid;
        messagingServiceSid = b.messagingServiceSid;
        facebookMessengerPageId = b.facebookMessengerPageId;
        defaultApnVersion = b.defaultApnVersion;
        defaultGcmVersion = b.defaultGcmVersion;
        defaultFcmVersion = b.defaultFcmVersion;
        defaultAlexaVersion = b.defaultAlexaVersion;
        logEnabled = b.logEnabled;
        alexaSkillId = b.alexaSkillId;
        deliveryCallbackUrl = b.deliveryCallbackUrl;
        deliveryCallbackEnabled = b.deliveryCallbackEnabled;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the given parameters; every setter takes null as "not given". Not thread-safe. */
    public static final class Builder {
        private String friendlyName;
        private String apnCredentialSid;
        private String gcmCredentialSid;
        private String fcmCredentialSid;
        private String messagingServiceSid;
        private String facebookMessengerPageId;
        private String defaultApnVersion;
        private String defaultGcmVersion;
        private String defaultFcmVersion;
        private String defaultAlexaVersion;
        private Boolean logEnabled;
        private String alexaSkillId;
        private String deliveryCallbackUrl;
        private Boolean deliveryCallbackEnabled;

        private Builder() {
        }

        public Builder friendlyName(String v) { friendlyName = v; return this; }
        public Builder apnCredentialSid(String v) { apnCredentialSid = v; return this; }
        public Builder gcmCredentialSid(String v) { gcmCredentialSid = v; return this; }
        public Builder fcmCredentialSid(String v) { fcmCredentialSid = v; return this; }
        public Builder messagingServiceSid(String v) { messagingServiceSid = v; return this; }
        public Builder facebookMessengerPageId(String v) { facebookMessengerPageId = v; return this; }
        public Builder defaultApnNotificationProtocolVersion(String v) { defaultApnVersion = v; return this; }
        public Builder defaultGcmNotificationProtocolVersion(String v) { defaultGcmVersion = v; return this; }
        public Builder defaultFcmNotificationProtocolVersion(String v) { defaultFcmVersion = v; return this; }
        public Builder defaultAlexaNotificationProtocolVersion(String v) { defaultAlexaVersion = v; return this; }
        public Builder logEnabled(Boolean v) { logEnabled = v; return this; }
        public Builder alexaSkillId(String v) { alexaSkillId = v; return this; }
        public Builder deliveryCallbackUrl(String v) { deliveryCallbackUrl = v; return this; }
        public Builder deliveryCallbackEnabled(Boolean v) { deliveryCallbackEnabled = v; return this; }

        public ServiceChanges build() {
            return new ServiceChanges(this);
        }
    }

    /** Checks every given field; {@code credentials} resolves the Credential SIDs in the caller's account. */
    void validate(CredentialRefs credentials) {
        Validate.maxLength("FriendlyName", friendlyName, Services.MAX_NAME);
        credentials.check("ApnCredentialSid", apnCredentialSid, BindingType.APN);
        credentials.check("GcmCredentialSid", gcmCredentialSid, BindingType.GCM);
        credentials.check("FcmCredentialSid", fcmCredentialSid, BindingType.FCM);
        Validate.sidOrEmpty("MessagingServiceSid", Sids.MESSAGING_SERVICE, messagingServiceSid);
        Validate.maxLength("FacebookMessengerPageId", facebookMessengerPageId, 256);
        ProtocolVersions.check("DefaultApnNotificationProtocolVersion", defaultApnVersion);
        ProtocolVersions.check("DefaultGcmNotificationProtocolVersion", defaultGcmVersion);
        ProtocolVersions.check("DefaultFcmNotificationProtocolVersion", defaultFcmVersion);
        ProtocolVersions.check("DefaultAlexaNotificationProtocolVersion", defaultAlexaVersion);
        Validate.maxLength("AlexaSkillId", alexaSkillId, 256);
        CallbackUrls.check("DeliveryCallbackUrl", deliveryCallbackUrl);
    }

    /** {@code s} with these changes applied, updated at {@code now}. */
    Service applyTo(Service s, long now) {
        return s.toBuilder()
                .friendlyName(pick(friendlyName, s.friendlyName()))
                .apnCredentialSid(pick(apnCredentialSid, s.apnCredentialSid()))
                .gcmCredentialSid(pick(gcmCredentialSid, s.gcmCredentialSid()))
                .fcmCredentialSid(pick(fcmCredentialSid, s.fcmCredentialSid()))
                .messagingServiceSid(pick(messagingServiceSid, s.messagingServiceSid()))
                .facebookMessengerPageId(pick(facebookMessengerPageId, s.facebookMessengerPageId()))
                .defaultApnNotificationProtocolVersion(version(defaultApnVersion, s.defaultApnNotificationProtocolVersion()))
                .defaultGcmNotificationProtocolVersion(version(defaultGcmVersion, s.defaultGcmNotificationProtocolVersion()))
                .defaultFcmNotificationProtocolVersion(version(defaultFcmVersion, s.defaultFcmNotificationProtocolVersion()))
                .defaultAlexaNotificationProtocolVersion(version(defaultAlexaVersion,
                        s.defaultAlexaNotificationProtocolVersion()))
                .logEnabled(logEnabled != null ? logEnabled : s.logEnabled())
                .alexaSkillId(pick(alexaSkillId, s.alexaSkillId()))
                .deliveryCallbackUrl(pick(deliveryCallbackUrl, s.deliveryCallbackUrl()))
                .deliveryCallbackEnabled(deliveryCallbackEnabled != null ? deliveryCallbackEnabled
                        : s.deliveryCallbackEnabled())
                .dateUpdated(now)
                .build();
    }

    private static String pick(String given, String current) {
        return given == null ? current : Validate.emptyToNull(given);
    }

    /** An empty protocol version restores the default "3" rather than clearing it. */
    private static String version(String given, String current) {
        if (given == null) {
            return current;
        }
        return given.isEmpty() ? Service.DEFAULT_PROTOCOL_VERSION : given;
    }
}
