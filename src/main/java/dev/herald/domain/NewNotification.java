package dev.herald.domain;

import java.util.List;

/**
 * The parameters of a Notification create, as given; null means not given. The JSON parameters ({@code data} …
 * {@code alexa}) and each {@code toBindings} element arrive already parsed by the API into plain Java values: a
 * {@code Map<String, Object>} (keys in their order) for a JSON object, a {@code List}, {@code String},
 * {@code Number} or {@code Boolean} for other JSON, and {@link #JSON_NULL} for the JSON literal {@code null}.
 * {@code ttl} and {@code priority} are the raw wire strings. Immutable; build one with {@link #builder}.
 */
public record NewNotification(List<String> identities, List<String> tags, List<String> segments,
                              List<Object> toBindings, String priority, String ttl, String title, String body,
                              String sound, String action, Object data, Object apn, Object fcm, Object gcm,
                              Object sms, Object facebookMessenger, Object alexa, String deliveryCallbackUrl) {
    /** The JSON literal {@code null} given as a parameter (or a {@code ToBinding} element): never an object. */
    public static final Object JSON_NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    public NewNotification {
        identities = identities == null ? List.of() : List.copyOf(identities);
        tags = tags == null ? List.of() : List.copyOf(tags);
        segments = segments == null ? List.of() : List.copyOf(segments);
        toBindings = toBindings == null ? List.of() : List.copyOf(toBindings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Leaves out every value: identities, addresses and payloads are personal data. */
    @Override
    public String toString() {
        return "NewNotification[identities=" + identities.size() + ", tags=" + tags.size() + ", toBindings="
                + toBindings.size() + "]";
    }

    /** Not thread-safe. */
    public static final class Builder {
        private List<String> identities = List.of();
        private List<String> tags = List.of();
        private List<String> segments = List.of();
        private List<Object> toBindings = List.of();
        private String priority;
        private String ttl;
        private String title;
        private String body;
        private String sound;
        private String action;
        private Object data;
        private Object apn;
        private Object fcm;
        private Object gcm;
        private Object sms;
        private Object facebookMessenger;
        private Object alexa;
        private String deliveryCallbackUrl;

        private Builder() {
        }

        public Builder identities(List<String> v) { identities = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder segments(List<String> v) { segments = v; return this; }
        public Builder toBindings(List<Object> v) { toBindings = v; return this; }
        public Builder priority(String v) { priority = v; return this; }
        public Builder ttl(String v) { ttl = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder body(String v) { body = v; return this; }
        public Builder sound(String v) { sound = v; return this; }
        public Builder action(String v) { action = v; return this; }
        public Builder data(Object v) { data = v; return this; }
        public Builder apn(Object v) { apn = v; return this; }
        public Builder fcm(Object v) { fcm = v; return this; }
        public Builder gcm(Object v) { gcm = v; return this; }
        public Builder sms(Object v) { sms = v; return this; }
        public Builder facebookMessenger(Object v) { facebookMessenger = v; return this; }
        public Builder alexa(Object v) { alexa = v; return this; }
        public Builder deliveryCallbackUrl(String v) { deliveryCallbackUrl = v; return this; }

        public NewNotification build() {
            return new NewNotification(identities, tags, segments, toBindings, priority, ttl, title, body, sound,
                    action, data, apn, fcm, gcm, sms, facebookMessenger, alexa, deliveryCallbackUrl);
        }
    }
}
