package dev.herald.domain;

/**
 * A Notify Service, the tenant of Bindings. Dates are epoch seconds (Notify shows second precision).
 * Nullable fields are null when unset. Build new values with {@link #builder} or {@link #toBuilder}.
 */
public record Service(
        String sid,
        String accountSid,
        String friendlyName,
        String apnCredentialSid,
        String gcmCredentialSid,
        String fcmCredentialSid,
        String messagingServiceSid,
        String facebookMessengerPageId,
        String facebookMessengerCredentialSid,
        String defaultApnNotificationProtocolVersion,
        String defaultGcmNotificationProtocolVersion,
        String defaultFcmNotificationProtocolVersion,
        String defaultAlexaNotificationProtocolVersion,
        boolean logEnabled,
        String alexaSkillId,
        String deliveryCallbackUrl,
        boolean deliveryCallbackEnabled,
        long dateCreated,
        long dateUpdated) {

    /** The protocol version of a new Service's defaults, and what an empty default restores. */
    public static final String DEFAULT_PROTOCOL_VERSION = "3";

    /** The protocol version a new Binding of {@code type} gets when it names none. */
    public String defaultProtocolVersion(BindingType type) {
        return switch (type) {
            case APN -> defaultApnNotificationProtocolVersion;
            case GCM -> defaultGcmNotificationProtocolVersion;
            case FCM -> defaultFcmNotificationProtocolVersion;
            case ALEXA -> defaultAlexaNotificationProtocolVersion;
            case SMS, FACEBOOK_MESSENGER -> null;
        };
    }

    /** A new Service as Notify creates one: protocol versions "3", logging on, callbacks off, created now. */
    public static Builder builder(String sid, String accountSid, long now) {
        Builder b = new Builder();
        b.sid = sid;
        b.accountSid = accountSid;
        b.defaultApn = b.defaultGcm = b.defaultFcm = b.defaultAlexa = DEFAULT_PROTOCOL_VERSION;
        b.logEnabled = true;
        b.dateCreated = b.dateUpdated = now;
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.sid = sid;
        b.accountSid = accountSid;
        b.friendlyName = friendlyName;
        b.apnCredentialSid = apnCredentialSid;
        b.gcmCredentialSid = gcmCredentialSid;
        b.fcmCredentialSid = fcmCredentialSid;
        b.messagingServiceSid = messagingServiceSid;
        b.facebookMessengerPageId = facebookMessengerPageId;
        b.facebookMessengerCredentialSid = facebookMessengerCredentialSid;
        b.defaultApn = defaultApnNotificationProtocolVersion;
        b.defaultGcm = defaultGcmNotificationProtocolVersion;
        b.defaultFcm = defaultFcmNotificationProtocolVersion;
        b.defaultAlexa = defaultAlexaNotificationProtocolVersion;
        b.logEnabled = logEnabled;
        b.alexaSkillId = alexaSkillId;
        b.deliveryCallbackUrl = deliveryCallbackUrl;
        b.deliveryCallbackEnabled = deliveryCallbackEnabled;
        b.dateCreated = dateCreated;
        b.dateUpdated = dateUpdated;
        return b;
    }

    /** A mutable draft of a Service. Not thread-safe. */
    public static final class Builder {
        private String sid;
        private String accountSid;
        private String friendlyName;
        private String apnCredentialSid;
        private String gcmCredentialSid;
        private String fcmCredentialSid;
        private String messagingServiceSid;
        private String facebookMessengerPageId;
        private String facebookMessengerCredentialSid;
        private String defaultApn;
        private String defaultGcm;
        private String defaultFcm;
        private String defaultAlexa;
        private boolean logEnabled;
        private String alexaSkillId;
        private String deliveryCallbackUrl;
        private boolean deliveryCallbackEnabled;
        private long dateCreated;
        private long dateUpdated;

        private Builder() {
        }

        public Builder friendlyName(String v) { friendlyName = v; return this; }
        public Builder apnCredentialSid(String v) { apnCredentialSid = v; return this; }
        public Builder gcmCredentialSid(String v) { gcmCredentialSid = v; return this; }
        public Builder fcmCredentialSid(String v) { fcmCredentialSid = v; return this; }
        public Builder messagingServiceSid(String v) { messagingServiceSid = v; return this; }
        public Builder facebookMessengerPageId(String v) { facebookMessengerPageId = v; return this; }
        public Builder facebookMessengerCredentialSid(String v) { facebookMessengerCredentialSid = v; return this; }
        public Builder defaultApnNotificationProtocolVersion(String v) { defaultApn = v; return this; }
        public Builder defaultGcmNotificationProtocolVersion(String v) { defaultGcm = v; return this; }
        public Builder defaultFcmNotificationProtocolVersion(String v) { defaultFcm = v; return this; }
        public Builder defaultAlexaNotificationProtocolVersion(String v) { defaultAlexa = v; return this; }
        public Builder logEnabled(boolean v) { logEnabled = v; return this; }
        public Builder alexaSkillId(String v) { alexaSkillId = v; return this; }
        public Builder deliveryCallbackUrl(String v) { deliveryCallbackUrl = v; return this; }
        public Builder deliveryCallbackEnabled(boolean v) { deliveryCallbackEnabled = v; return this; }
        public Builder dateUpdated(long v) { dateUpdated = v; return this; }

        public Service build() {
            return new Service(sid, accountSid, friendlyName, apnCredentialSid, gcmCredentialSid, fcmCredentialSid,
                    messagingServiceSid, facebookMessengerPageId, facebookMessengerCredentialSid, defaultApn, defaultGcm, defaultFcm, defaultAlexa,
                    logEnabled, alexaSkillId, deliveryCallbackUrl, deliveryCallbackEnabled, dateCreated, dateUpdated);
        }
    }
}
