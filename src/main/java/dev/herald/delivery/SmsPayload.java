package dev.herald.delivery;

import dev.herald.domain.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMS request of an attempt: a Twilio Messages API form. The {@code Sms} override's {@code body},
 * {@code media_urls}, {@code status_callback} and {@code max_price} apply; its other keys are ignored.
 */
final class SmsPayload {
    private SmsPayload() {
    }

    static ProviderRequest build(Attempt attempt) {
        Notification n = attempt.notification();
        Map<String, Object> sms = n.sms() != null ? n.sms() : Map.of();
        Map<String, List<String>> form = new LinkedHashMap<>();
        add(form, "To", attempt.target().address());
        add(form, "Body", sms.get("body") != null ? text(sms.get("body"), "body") : n.body());
        Object media = sms.get("media_urls");
        if (media instanceof List<?> urls) {
            urls.stream().filter(u -> u != null).forEach(u -> add(form, "MediaUrl", text(u, "media_urls")));
        } else if (media != null) {
            add(form, "MediaUrl", text(media, "media_urls"));
        }
        add(form, "MessagingServiceSid", attempt.target().messagingServiceSid());
        if (sms.get("status_callback") != null) {
            add(form, "StatusCallback", text(sms.get("status_callback"), "status_callback"));
        }
        if (sms.get("max_price") != null) {
            add(form, "MaxPrice", text(sms.get("max_price"), "max_price"));
        }
        return new ProviderRequest("POST", "/2010-04-01/Accounts/" + n.accountSid() + "/Messages.json",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
    }

    private static void add(Map<String, List<String>> form, String name, String value) {
        if (value != null) {
            form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** A string as it is, a number or boolean as its JSON text; an object or array is refused. */
    private static String text(Object value, String name) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("The Sms override's " + name + " is not a string.");
        }
        return JsonTrees.dataString(value);
    }
}
