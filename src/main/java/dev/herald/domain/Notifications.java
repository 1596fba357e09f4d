package dev.herald.domain;

import static dev.herald.domain.NotificationParameters.MAX_ACTION;
import static dev.herald.domain.NotificationParameters.MAX_BODY;
import static dev.herald.domain.NotificationParameters.MAX_SEGMENT;
import static dev.herald.domain.NotificationParameters.MAX_SOUND;
import static dev.herald.domain.NotificationParameters.MAX_TITLE;
import static dev.herald.domain.NotificationParameters.directTarget;
import static dev.herald.domain.NotificationParameters.fcm;
import static dev.herald.domain.NotificationParameters.gcm;
import static dev.herald.domain.NotificationParameters.noReservedKeys;
import static dev.herald.domain.NotificationParameters.object;
import static dev.herald.domain.NotificationParameters.priority;
import static dev.herald.domain.NotificationParameters.sms;
import static dev.herald.domain.NotificationParameters.strings;
import static dev.herald.domain.NotificationParameters.ttl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Use cases of Notifications: the create (Notify's rules on targets and payloads), and the reads Herald adds
 * (fetch, list, deliveries). Thread-safe. Failures name the parameter but never repeat a value: identities,
 * addresses and payloads are personal data.
 */
public final class Notifications {
    private final ServiceStore serviceStore;
    private final NotificationStore notificationStore;
    private final Clock clock;

    public Notifications(ServiceStore serviceStore, NotificationStore notificationStore, Clock clock) {
        this.serviceStore = serviceStore;
        this.notificationStore = notificationStore;
        this.clock = clock;
    }

    /**
     * Accepts a Notification: checks every parameter, then stores it (with its fan-out's starting point) in the
     * Service if that is the account's. A Notification that matches no Binding is still accepted.
     */
    public Notification send(String accountSid, String serviceSid, NewNotification p) {
        return send(accountSid, serviceSid, p, null);
    }

    /**
     * {@link #send(String, String, NewNotification)} at most once per idempotency {@code key} (null: none) in the
     * Service: a repeat within a day answers the Notification the token first created, sending nothing again, or
     * a conflict when the token came with another request.
     */
    public Notification send(String accountSid, String serviceSid, NewNotification p, IdempotencyKey key) {
        requireServiceSid(serviceSid);
        // the limits on a query (more than 20 identities, more than 5 tags) are those of a Binding list
        BindingFilter.of(p.identities(), p.tags(), null, null);
        List<String> identities = strings("Identity", "an identity", p.identities(), Bindings.MAX_IDENTITY);
        List<String> tags = strings("Tag", "a tag", p.tags(), Bindings.MAX_TAG);
        List<String> segments = strings("Segment", "a segment", p.segments(), MAX_SEGMENT);
        boolean query = !identities.isEmpty() || !tags.isEmpty() || !segments.isEmpty();
        if (!p.toBindings().isEmpty() && query) {
            throw new InvalidParameterException("ToBinding",
                    "Direct notifications and query notifications can not be requested together "
                            + "(ToBinding with Identity, Tag or Segment)");
        }
        if (p.toBindings().isEmpty() && !query) {
            throw new InvalidParameterException("Identity", "one of Identity, Tag or ToBinding is required");
        }
        List<DirectTarget> toBindings = new ArrayList<>(p.toBindings().size());
        for (Object element : p.toBindings()) {
            toBindings.add(directTarget(element));
        }
        Priority priority = priority(p.priority());
        int ttl = ttl(p.ttl());
        String title = Validate.emptyToNull(Validate.maxLength("Title", p.title(), MAX_TITLE));
        String body = Validate.emptyToNull(Validate.maxLength("Body", p.body(), MAX_BODY));
        String sound = Validate.emptyToNull(Validate.maxLength("Sound", p.sound(), MAX_SOUND));
        String action = Validate.emptyToNull(Validate.maxLength("Action", p.action(), MAX_ACTION));
        Map<String, Object> data = object("Data", p.data());
        noReservedKeys("Data", data, "");
        Map<String, Object> apn = object("Apn", p.apn());
        noReservedKeys("Apn", apn, "");
        Map<String, Object> fcm = fcm(p.fcm());
        Map<String, Object> gcm = gcm(p.gcm());
        Map<String, Object> sms = sms(p.sms());
        NotificationParameters.smsHasText(body, sms, tags, toBindings);
        Map<String, Object> facebookMessenger = object("FacebookMessenger", p.facebookMessenger());
        Map<String, Object> alexa = object("Alexa", p.alexa());
        String callback = Validate.emptyToNull(CallbackUrls.check("DeliveryCallbackUrl", p.deliveryCallbackUrl()));
        Notification notification = new Notification(Sids.next(Sids.NOTIFICATION), accountSid, serviceSid,
                clock.instant().getEpochSecond(), identities, tags, segments, priority, ttl, title, body, sound,
                action, data, apn, fcm, gcm, sms, facebookMessenger, alexa, toBindings, callback);
        NotificationStore.InsertResult result = notificationStore.insert(notification, key);
        if (result instanceof NotificationStore.InsertResult.ServiceMissing) {
            throw serviceNotFound(serviceSid);
        }
        if (result instanceof NotificationStore.InsertResult.TokenConflict) {
            throw new ConflictException("The " + IdempotencyKey.HEADER + " was used with a different request in "
                    + "the last 24 hours; nothing was sent");
        }
        if (result instanceof NotificationStore.InsertResult.Replayed replayed) {
            return replayed.original();
        }
        return ((NotificationStore.InsertResult.Inserted) result).notification();
    }

    /** A Notification of the Service with how its delivery stands; 404 when it is not the account's. */
    public SentNotification fetch(String accountSid, String serviceSid, String sid) {
        requireServiceSid(serviceSid);
        requireSid(sid);
        return notificationStore.find(accountSid, serviceSid, sid).orElseThrow(() -> notFound(sid));
    }

    /** The Service's Notifications, newest first; 404 when the Service is not the account's. */
    public Slice<SentNotification> list(String accountSid, String serviceSid, PageRequest page) {
        requireServiceSid(serviceSid);
        Slice<SentNotification> slice = notificationStore.list(accountSid, serviceSid, page);
        if (slice.items().isEmpty()) {
            service(accountSid, serviceSid); // rows prove the Service is the account's; no rows prove nothing
        }
        return slice;
    }

    /**
     * A Notification's deliveries in the order they were created, only those in {@code statusWire} when it is not
     * null or empty (a {@link DeliveryStatus} name, any case; any other is a 400 on {@code Status}, checked
     * first); 404 when the Notification is not the account's in that Service.
     */
    public Slice<Delivery> deliveries(String accountSid, String serviceSid, String sid, String statusWire,
                                      PageRequest page) {
        DeliveryStatus status = null;
        if (statusWire != null && !statusWire.isEmpty()) {
            status = DeliveryStatus.fromWire(statusWire.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    new InvalidParameterException("Status", "must be one of queued, delivered, rejected, expired"));
        }
        requireServiceSid(serviceSid);
        requireSid(sid);
        Optional<Slice<Delivery>> slice = notificationStore.deliveries(accountSid, serviceSid, sid, status, page);
        return slice.orElseThrow(() -> notFound(sid));
    }

    // ------------------------------------------------------------------------------------------ the Service

    private Service service(String accountSid, String serviceSid) {
        return serviceStore.find(accountSid, serviceSid).orElseThrow(() -> serviceNotFound(serviceSid));
    }

    private static void requireServiceSid(String serviceSid) {
        if (!Sids.isValid(Sids.SERVICE, serviceSid)) {
            throw serviceNotFound(serviceSid);
        }
    }

    private static void requireSid(String sid) {
        if (!Sids.isValid(Sids.NOTIFICATION, sid)) {
            throw notFound(sid);
        }
    }

    private static NotFoundException serviceNotFound(String serviceSid) {
        return new NotFoundException("Service " + serviceSid);
    }

    private static NotFoundException notFound(String sid) {
        return new NotFoundException("Notification " + sid);
    }
}
