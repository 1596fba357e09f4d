package dev.herald.domain;

/**
 * A Notify Service, the tenant of Bindings. Dates are epoch seconds (Notify shows second precision).
 * Nullable fields are null when unset.
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
}
