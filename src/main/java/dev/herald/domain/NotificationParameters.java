package dev.herald.domain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Notify's rules on the parameters of a Notification create, one check per parameter. Each failure names the
 * parameter but never repeats its value: identities, addresses and payloads are personal data. Stateless.
 */
final class NotificationParameters {
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

    private NotificationParameters() {
    }

    /** The values of a repeated string parameter, as given (duplicates kept); each non-empty and at most {@code max}. */
    static List<String> strings(String parameter, String what, List<String> values, int max) {
        for (String value : values) {
            if (value.isEmpty()) {
                throw new InvalidParameterException(parameter, what + " must not be empty");
            }
            Validate.maxLength(parameter, value, max);
        }
        return values;
    }

    static DirectTarget directTarget(Object element) {
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

    static Priority priority(String value) {
        if (value == null || value.isEmpty()) {
            return Priority.HIGH;
        }
        return Priority.fromWire(value.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidParameterException("Priority", "must be high or low"));
    }

    static int ttl(String value) {
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
    static Map<String, Object> object(String parameter, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidParameterException(parameter, "must be a JSON object");
        }
        return (Map<String, Object>) map;
    }

    static Map<String, Object> fcm(Object value) {
        return pushOverride("Fcm", value, FCM_FORBIDDEN);
    }

    static Map<String, Object> gcm(Object value) {
        return pushOverride("Gcm", value, GCM_FORBIDDEN);
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

    static void noReservedKeys(String parameter, Map<?, ?> map, String where) {
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

    /**
     * Notify's rule that an SMS needs a body or media: a Notification that can reach sms Bindings only (its tags hold
     * {@code sms}, or each of its {@code ToBinding} is an sms one) without {@code Body}, {@code Sms.body} or {@code
     * Sms.media_urls} is refused; elsewhere its sms deliveries are rejected.
     */
    static void smsHasText(String body, Map<String, Object> sms, List<String> tags, List<DirectTarget> toBindings) {
        boolean onlySms = tags.contains("sms") || !toBindings.isEmpty()
                && toBindings.stream().allMatch(t -> t.bindingType() == BindingType.SMS);
        boolean text = body != null || sms != null && (sms.get("body") instanceof String s && !s.isEmpty()
                || sms.get("media_urls") instanceof List<?> urls && !urls.isEmpty());
        if (onlySms && !text) {
            throw new InvalidParameterException("Body", "an SMS needs a Body or Sms.media_urls");
        }
    }

    /** {@code Sms}: the Message parameters Notify supports, each of the right JSON type. */
    static Map<String, Object> sms(Object value) {
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
}
