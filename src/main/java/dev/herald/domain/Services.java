package dev.herald.domain;

import dev.herald.store.CredentialStore;
import dev.herald.store.PageRequest;
import dev.herald.store.ServiceStore;
import dev.herald.store.Slice;
import java.time.Clock;

/** Use cases of Notify Services. Thread-safe. */
public final class Services {
    static final int MAX_NAME = 64;
    private static final String DEFAULT_PROTOCOL_VERSION = "3";

    /**
     * The parameters of a create or update. A null field was not given (keep / default); an empty string clears
     * an optional field.
     */
    public record Changes(
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
            Boolean logEnabled,
            String alexaSkillId,
            String deliveryCallbackUrl,
            Boolean deliveryCallbackEnabled) {
    }

    private final ServiceStore services;
    private final CredentialStore credentials;
    private final Clock clock;

    public Services(ServiceStore services, CredentialStore credentials, Clock clock) {
        this.services = services;
        this.credentials = credentials;
        this.clock = clock;
    }

    public Service create(String accountSid, Changes changes) {
        validate(accountSid, changes);
        long now = clock.instant().getEpochSecond();
        Service blank = new Service(Sids.next(Sids.SERVICE), accountSid, null, null, null, null, null, null,
                DEFAULT_PROTOCOL_VERSION, DEFAULT_PROTOCOL_VERSION, DEFAULT_PROTOCOL_VERSION, DEFAULT_PROTOCOL_VERSION,
                true, null, null, false, now, now);
        Service created = apply(blank, changes, now);
        services.insert(created);
        return created;
    }

    public Service update(String accountSid, String sid, Changes changes) {
        requireSid(sid);
        validate(accountSid, changes);
        long now = clock.instant().getEpochSecond();
        return services.update(accountSid, sid, current -> apply(current, changes, now))
                .orElseThrow(() -> notFound(sid));
    }

    public Service fetch(String accountSid, String sid) {
        requireSid(sid);
        return services.find(accountSid, sid).orElseThrow(() -> notFound(sid));
    }

    public void delete(String accountSid, String sid) {
        requireSid(sid);
        if (!services.delete(accountSid, sid)) {
            throw notFound(sid);
        }
    }

    public Slice<Service> list(String accountSid, String friendlyName, PageRequest page) {
        return services.list(accountSid, friendlyName, page);
    }

    private void validate(String accountSid, Changes c) {
        Validate.maxLength("FriendlyName", c.friendlyName(), MAX_NAME);
        checkCredential(accountSid, "ApnCredentialSid", c.apnCredentialSid(), BindingType.APN);
        checkCredential(accountSid, "GcmCredentialSid", c.gcmCredentialSid(), BindingType.GCM);
        checkCredential(accountSid, "FcmCredentialSid", c.fcmCredentialSid(), BindingType.FCM);
        Validate.sidOrEmpty("MessagingServiceSid", Sids.MESSAGING_SERVICE, c.messagingServiceSid());
        Validate.maxLength("FacebookMessengerPageId", c.facebookMessengerPageId(), 256);
        ProtocolVersions.check("DefaultApnNotificationProtocolVersion", c.defaultApnNotificationProtocolVersion());
        ProtocolVersions.check("DefaultGcmNotificationProtocolVersion", c.defaultGcmNotificationProtocolVersion());
        ProtocolVersions.check("DefaultFcmNotificationProtocolVersion", c.defaultFcmNotificationProtocolVersion());
        ProtocolVersions.check("DefaultAlexaNotificationProtocolVersion", c.defaultAlexaNotificationProtocolVersion());
        Validate.maxLength("AlexaSkillId", c.alexaSkillId(), 256);
        CallbackUrls.check("DeliveryCallbackUrl", c.deliveryCallbackUrl());
    }

    private void checkCredential(String accountSid, String parameter, String sid, BindingType slot) {
        if (Validate.sidOrEmpty(parameter, Sids.CREDENTIAL, sid) == null || sid.isEmpty()) {
            return;
        }
        Credential credential = credentials.find(accountSid, sid).orElseThrow(() -> new InvalidParameterException(
                parameter, "Invalid parameter " + parameter + ": Credential " + sid + " was not found"));
        if (!slot.acceptsCredential(credential.type())) {
            throw new InvalidParameterException(parameter, "Invalid parameter " + parameter + ": Credential " + sid
                    + " is of type " + credential.type().wire() + ", which cannot serve " + slot.wire() + " Bindings");
        }
    }

    private static Service apply(Service s, Changes c, long now) {
        return new Service(s.sid(), s.accountSid(),
                pick(c.friendlyName(), s.friendlyName()),
                pick(c.apnCredentialSid(), s.apnCredentialSid()),
                pick(c.gcmCredentialSid(), s.gcmCredentialSid()),
                pick(c.fcmCredentialSid(), s.fcmCredentialSid()),
                pick(c.messagingServiceSid(), s.messagingServiceSid()),
                pick(c.facebookMessengerPageId(), s.facebookMessengerPageId()),
                pickVersion(c.defaultApnNotificationProtocolVersion(), s.defaultApnNotificationProtocolVersion()),
                pickVersion(c.defaultGcmNotificationProtocolVersion(), s.defaultGcmNotificationProtocolVersion()),
                pickVersion(c.defaultFcmNotificationProtocolVersion(), s.defaultFcmNotificationProtocolVersion()),
                pickVersion(c.defaultAlexaNotificationProtocolVersion(), s.defaultAlexaNotificationProtocolVersion()),
                c.logEnabled() != null ? c.logEnabled() : s.logEnabled(),
                pick(c.alexaSkillId(), s.alexaSkillId()),
                pick(c.deliveryCallbackUrl(), s.deliveryCallbackUrl()),
                c.deliveryCallbackEnabled() != null ? c.deliveryCallbackEnabled() : s.deliveryCallbackEnabled(),
                s.dateCreated(), now);
    }

    private static String pick(String given, String current) {
        return given == null ? current : Validate.emptyToNull(given);
    }

    /** An empty protocol version restores the default "3" rather than clearing it. */
    private static String pickVersion(String given, String current) {
        if (given == null) {
            return current;
        }
        return given.isEmpty() ? DEFAULT_PROTOCOL_VERSION : given;
    }

    private static void requireSid(String sid) {
        if (!Sids.isValid(Sids.SERVICE, sid)) {
            throw notFound(sid);
        }
    }

    private static NotFoundException notFound(String sid) {
        return new NotFoundException("Service " + sid);
    }
}
