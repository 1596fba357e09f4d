package dev.herald.delivery;

import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialStore;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.Notification;
import dev.herald.domain.Service;
import dev.herald.domain.ServiceStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves at delivery time what a claimed delivery needs: its Service, its push Credential (the Binding's own,
 * else the Service's for the channel) and the sms sender, or the rejection that stops it (Notify's 52xxx codes).
 * One instance serves one claimed batch and caches what it read; not thread-safe.
 */
final class Resolution {
    /** A delivery that can go: where to. */
    record Ready(Target target) implements Answer {
    }

    /** A delivery that cannot go, for good. */
    record Refused(int code, String message) implements Answer {
    }

    sealed interface Answer {
    }

    private final ServiceStore services;
    private final CredentialStore credentials;
    private final Map<String, Optional<Service>> serviceCache = new HashMap<>();
    private final Map<String, Optional<Credential>> credentialCache = new HashMap<>();

    Resolution(ServiceStore services, CredentialStore credentials) {
        this.services = services;
        this.credentials = credentials;
    }

    /** The Notification's Service as this resolution first found it, or null when it was deleted. */
    Service service(Notification n) {
        return serviceCache.computeIfAbsent(n.serviceSid(), sid -> services.find(n.accountSid(), sid)).orElse(null);
    }

    Answer resolve(Notification n, Claimed c) {
        BindingType type = c.bindingType();
        if (type == BindingType.ALEXA) {
            return new Refused(52000, "Alexa notifications are not delivered: Amazon retired the channel Notify used");
        }
        Service service = service(n);
        if (service == null) {
            return new Refused(52000, "The Service was deleted before this delivery");
        }
        Credential credential = null;
        if (type.usesCredential()) {
            String sid = c.credentialSid() != null ? c.credentialSid() : serviceCredential(service, type);
            if (sid == null) {
                return new Refused(52004, "Credential SID not specified: neither the Binding nor the Service names a "
                        + type.wire() + " Credential");
            }
            Optional<Credential> cred = credentialCache.computeIfAbsent(sid,
                    s -> credentials.find(n.accountSid(), s));
            if (cred.isEmpty()) {
                return new Refused(52002, "Invalid Credential SID: the Credential no longer exists");
            }
            if (!type.acceptsCredential(cred.get().type())) {
                return new Refused(52003, "Invalid Credential type: a " + cred.get().type().name().toLowerCase()
                        + " Credential cannot deliver to a " + type.wire() + " Binding");
            }
            credential = cred.get();
        }
        if (type == BindingType.SMS && service.messagingServiceSid() == null) {
            return new Refused(52182, "Messaging Service not specified: the Service has no MessagingServiceSid");
        }
        if (type == BindingType.FACEBOOK_MESSENGER && service.facebookMessengerPageId() == null) {
            return new Refused(52202, "Facebook Messenger page not connected: the Service has no "
                    + "FacebookMessengerPageId");
        }
        return new Ready(new Target(c.bindingSid(), type, c.identity(), c.address(), c.protocolVersion(), credential,
                service.messagingServiceSid()));
    }

    /** The Service's Credential for a push type; gcm Bindings fall back to the fcm Credential (GCM is FCM now). */
    private static String serviceCredential(Service s, BindingType type) {
        return switch (type) {
            case APN -> s.apnCredentialSid();
            case FCM -> s.fcmCredentialSid();
            case FACEBOOK_MESSENGER -> s.facebookMessengerCredentialSid();
            case GCM -> s.gcmCredentialSid() != null ? s.gcmCredentialSid() : s.fcmCredentialSid();
            default -> null;
        };
    }
}
