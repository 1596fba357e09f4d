package dev.herald.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Use cases of Notifications: the create (Notify's rules on targets and payloads), and the reads Herald adds
 * (fetch, list, deliveries). Thread-safe. Failures name the parameter but never repeat a value: identities,
 * addresses and payloads are personal data.
 */
public final class Notifications {
    /** Herald's limits on the strings of a Notification (the JSON parameters are bounded by the 1 MiB body). */
    static final int MAX_TITLE = 1024;
    static final int MAX_BODY = 4096;
    static final int MAX_SOUND = 1024;
    static final int MAX_ACTION = 1024;
    static final int MAX_SEGMENT = 256;
    /** Twilio's limit on the media of one message. */
    static final int MAX_SMS_MEDIA = 10;
    /** The prefix Notify reserves for its own keys in {@code Data}, {@code Apn}, {@code Fcm} and {@code Gcm}. */
    static final String RESERVED_PREFIX = "twi_";

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Set<String> FCM_FORBIDDEN = Set.of("to", "registration_ids", "condition", "notification_key");
    private static final Set<String> GCM_FORBIDDEN = Set.of("to", "registration_ids", "notification_key");
    private static final Set<String> SMS_KEYS = Set.of("body", "media_urls", "status_callback", "max_price");

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
        Map<String, Object> fcm = pushOverride("Fcm", p.fcm(), FCM_FORBIDDEN);
        Map<String, Object> gcm = pushOverride("Gcm", p.gcm(), GCM_FORBIDDEN);
        Map<String, Object> sms = sms(p.sms());
        Map<String, Object> facebookMessenger = object("FacebookMessenger", p.facebookMessenger());
        Map<String, Object> alexa = object("Alexa", p.alexa());
        String callback = Validate.emptyToNull(CallbackUrls.check("DeliveryCallbackUrl", p.deliveryCallbackUrl()));
        Notification notification = new Notification(Sids.next(Sids.NOTIFICATION), accountSid, serviceSid,
                clock.instant().getEpochSecond(), identities, tags, segments, priority, ttl, title, body, sound,
                action, data, apn, fcm, gcm, sms, facebookMessenger, alexa, toBindings, callback);
        NotificationStore.InsertResult result = notificationStore.insert(notification);
        if (result instanceof NotificationStore.InsertResult.ServiceMissing) {
            throw serviceNotFound(serviceSid);
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

    // ------------------------------------------------------------------------------------------ the parameters

    /** The values of a repeated string parameter, as given (duplicates kept); each non-empty and at most {@code max}. */
    private static List<String> strings(String parameter, String what, List<String> values, int max) {
        for (String value : values) {
            if (value.isEmpty()) {
                throw new InvalidParameterException(parameter, what + " must not be empty");
            }
            Validate.maxLength(parameter, value, max);
        }
        return values;
    }

    private static DirectTarget directTarget(Object element) {
        if (!(element instanceof Map<?, ?> map)) {
            throw new InvalidParameterException("ToBinding",
                    "each element must be a JSON object such as {\"binding_type\":\"sms\",\"address\":\"+15555550100\"}");
        }
        Object typeValue = map.get("binding_type");
        if (!(typeValue instanceof String typeText) || typeText.isEmpty()) {
            throw new InvalidParameterException("ToBinding", "each element needs a binding_type (a string)");
        }
        BindingType type = typeText.length() > 32 ? null : BindingType.fromWire(typeText).orElse(null);
        if (type == null) {
            throw new InvalidParameterException("ToBinding",
                    "binding_type must be one of apn, gcm, sms, fcm, facebook-messenger, alexa");
        }
        Object addressValue = map.get("address");
        if (!(addressValue instanceof String address) || address.isEmpty()) {
            throw new InvalidParameterException("ToBinding", "each element needs a non-empty address (a string)");
        }
        if (address.length() > Bindings.MAX_ADDRESS && address.codePointCount(0, address.length()) > Bindings.MAX_ADDRESS) {
            throw new InvalidParameterException("ToBinding",
                    "an address must be at most " + Bindings.MAX_ADDRESS + " characters");
        }
        if (address.indexOf('\0') >= 0) {
            throw new InvalidParameterException("ToBinding", "an address must not contain the NUL character");
        }
        if (type == BindingType.SMS && !E164.matcher(address).matches()) {
            throw new InvalidParameterException("ToBinding",
                    "an sms address must be a phone number in E.164 format, such as +15555550100");
        }
        return new DirectTarget(type, address);
    }

    private static Priority priority(String value) {
        if (value == null || value.isEmpty()) {
            return Priority.HIGH;
        }
        return Priority.fromWire(value.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidParameterException("Priority", "must be high or low"));
    }

    private static int ttl(String value) {
        if (value == null || value.isEmpty()) {
            return Notification.MAX_TTL;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw new InvalidParameterException("Ttl", "must be a whole number of seconds from 0 to "
                    + Notification.MAX_TTL);
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        long seconds = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (seconds > Notification.MAX_TTL) {
            throw new InvalidParameterException("Ttl", "must be between 0 and " + Notification.MAX_TTL
                    + " seconds (four weeks)");
        }
        return (int) seconds;
    }

    /** A JSON parameter, which must be a JSON object when given; null when not given. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String parameter, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidParameterException(parameter, "must be a JSON object");
        }
        return (Map<String, Object>) map;
    }

    /** {@code Fcm} or {@code Gcm}: an object without the keys that address devices and without reserved keys. */
    private static Map<String, Object> pushOverride(String parameter, Object value, Set<String> forbidden) {
        Map<String, Object> map = object(parameter, value);
        if (map == null) {
            return null;
        }
        for (String key : map.keySet()) {
            if (forbidden.contains(key)) {
                throw new InvalidParameterException(parameter, "must not contain the keys "
                        + String.join(", ", forbidden.stream().sorted().toList())
                        + " (Notify addresses the devices itself)");
            }
        }
        noReservedKeys(parameter, map, "");
        Object data = map.get("data");
        if (data != null) {
            if (!(data instanceof Map<?, ?> dataMap)) {
                throw new InvalidParameterException(parameter, "its data must be a JSON object");
            }
            noReservedKeys(parameter, dataMap, " in its data object");
        }
        return map;
    }

    private static void noReservedKeys(String parameter, Map<?, ?> map, String where) {
        if (map == null) {
            return;
        }
        for (Object key : map.keySet()) {
            if (key instanceof String s && s.startsWith(RESERVED_PREFIX)) {
                throw new InvalidParameterException(parameter, "custom keys starting with " + RESERVED_PREFIX
                        + " are reserved and not allowed" + where);
            }
        }
    }

    /** {@code Sms}: the Message parameters Notify supports, each of the right JSON type. */
    private static Map<String, Object> sms(Object value) {
        Map<String, Object> map = object("Sms", value);
        if (map == null) {
            return null;
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!SMS_KEYS.contains(e.getKey())) {
                throw new InvalidParameterException("Sms",
                        "supports only the keys body, media_urls, status_callback and max_price");
            }
            Object v = e.getValue();
            switch (e.getKey()) {
                case "body" -> {
                    if (v != null && !(v instanceof String)) {
                        throw new InvalidParameterException("Sms", "its body must be a string");
                    }
                }
                case "media_urls" -> {
                    if (!(v instanceof List<?> urls) || !urls.stream().allMatch(u -> u instanceof String)) {
                        throw new InvalidParameterException("Sms", "its media_urls must be a JSON array of strings");
                    }
                    if (urls.size() > MAX_SMS_MEDIA) {
                        throw new InvalidParameterException("Sms", "its media_urls may hold at most "
                                + MAX_SMS_MEDIA + " URLs");
                    }
                }
                case "status_callback" -> {
                    if (v != null) {
                        if (!(v instanceof String url)) {
                            throw new InvalidParameterException("Sms", "its status_callback must be a string");
                        }
                        try {
                            CallbackUrls.check("Sms", url);
                        } catch (InvalidParameterException bad) {
                            throw new InvalidParameterException("Sms",
                                    "its status_callback must be an absolute http or https URL");
                        }
                    }
                }
                default -> { // max_price
                    if (v != null && !(v instanceof String) && !(v instanceof Number)) {
                        throw new InvalidParameterException("Sms", "its max_price must be a number or a string");
                    }
                }
            }
        }
        return map;
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
