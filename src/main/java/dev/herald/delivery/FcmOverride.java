package dev.herald.delivery;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The translation of a legacy-shaped {@code Fcm}/{@code Gcm} override (a legacy FCM request body) into FCM HTTP
 * v1, per Google's migration guide. Keys with no v1 equivalent are dropped ({@link #unmapped} names them). A value
 * of the wrong shape ({@code data} not an object, a {@code priority} or {@code time_to_live} that is not one)
 * throws {@link IllegalArgumentException}, with a message that quotes no value.
 */
final class FcmOverride {
    private static final Set<String> COMMON_NOTIFICATION = Set.of("title", "body", "image");
    private static final Map<String, String> ANDROID_NOTIFICATION = Map.ofEntries(
            Map.entry("icon", "icon"), Map.entry("color", "color"), Map.entry("sound", "sound"),
            Map.entry("tag", "tag"), Map.entry("click_action", "click_action"),
            Map.entry("body_loc_key", "body_loc_key"), Map.entry("body_loc_args", "body_loc_args"),
            Map.entry("title_loc_key", "title_loc_key"), Map.entry("title_loc_args", "title_loc_args"),
            Map.entry("channel_id", "channel_id"), Map.entry("android_channel_id", "channel_id"));
    private static final Set<String> LOC_ARGS = Set.of("body_loc_args", "title_loc_args");
    private static final Set<String> ROOT = Set.of("data", "notification", "priority", "time_to_live",
            "collapse_key", "restricted_package_name", "content_available", "mutable_content", "dry_run");

    private FcmOverride() {
    }

    static void apply(Map<String, Object> override, FcmMessage message, long remainingTtlSeconds) {
        for (Map.Entry<String, Object> e : override.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            switch (e.getKey()) {
                case "data" -> object(value, "data").forEach((k, v) -> {
                    if (v == null) {
                        message.data.remove(String.valueOf(k));
                    } else {
                        message.data.put(String.valueOf(k), JsonTrees.dataString(v));
                    }
                });
                case "notification" -> notification(object(value, "notification"), message);
                case "priority" -> message.android.put("priority", priority(value));
                case "time_to_live" ->
                        message.android.put("ttl", Math.min(seconds(value), remainingTtlSeconds) + "s");
                case "collapse_key" -> message.android.put("collapse_key", text(value, "collapse_key"));
                case "restricted_package_name" ->
                        message.android.put("restricted_package_name", text(value, "restricted_package_name"));
                case "content_available" -> {
                    if (Boolean.TRUE.equals(value)) {
                        message.aps.put("content-available", 1);
                    }
                }
                case "mutable_content" -> {
                    if (Boolean.TRUE.equals(value)) {
                        message.aps.put("mutable-content", 1);
                    }
                }
                case "dry_run" -> message.validateOnly = Boolean.TRUE.equals(value);
                default -> {
                }
            }
        }
    }

    /**
     * The keys of {@code override} that have no FCM HTTP v1 equivalent and are dropped, in their order: root keys
     * by name, keys of {@code notification} as {@code notification.<key>}.
     */
    static List<String> unmapped(Map<String, Object> override) {
        List<String> dropped = new ArrayList<>();
        override.forEach((key, value) -> {
            if (!ROOT.contains(key)) {
                dropped.add(key);
            } else if (key.equals("notification") && value instanceof Map<?, ?> notification) {
                notification.keySet().stream().map(String::valueOf)
                        .filter(k -> !COMMON_NOTIFICATION.contains(k) && !ANDROID_NOTIFICATION.containsKey(k))
                        .forEach(k -> dropped.add("notification." + k));
            }
        });
        return dropped;
    }

    private static void notification(Map<?, ?> legacy, FcmMessage message) {
        legacy.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (v == null) {
                return;
            }
            if (COMMON_NOTIFICATION.contains(key)) {
                message.notification.put(key, text(v, "notification." + key));
            } else if (LOC_ARGS.contains(key)) {
                message.androidNotification.put(key, textList(v, "notification." + key));
            } else if (ANDROID_NOTIFICATION.containsKey(key)) {
                message.androidNotification.put(ANDROID_NOTIFICATION.get(key), text(v, "notification." + key));
            }
        });
    }

    private static String priority(Object value) {
        String p = value instanceof Number n ? numberText(n) : text(value, "priority").toLowerCase(Locale.ROOT);
        return switch (p) {
            case "high", "10" -> "HIGH";
            case "normal", "5" -> "NORMAL";
            default -> throw new IllegalArgumentException("The override's priority is not high, normal, 10 or 5.");
        };
    }

    private static long seconds(Object value) {
        try {
            BigDecimal n = value instanceof Number number ? new BigDecimal(numberText(number))
                    : new BigDecimal(text(value, "time_to_live"));
            if (n.signum() >= 0) {
                return n.longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the refusal
        }
        throw new IllegalArgumentException("The override's time_to_live is not a whole number of seconds.");
    }

    private static Map<?, ?> object(Object value, String name) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("The override's " + name + " is not a JSON object.");
    }

    /** A string value as it is; a number or boolean as its text; anything else refused. */
    private static String text(Object value, String name) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return numberText(n);
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        throw new IllegalArgumentException("The override's " + name + " is not a string.");
    }

    private static List<String> textList(Object value, String name) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("The override's " + name + " is not a JSON array.");
        }
        List<String> texts = new ArrayList<>(list.size());
        list.forEach(v -> texts.add(v == null ? "" : text(v, name)));
        return texts;
    }

    private static String numberText(Number n) {
        return n instanceof BigDecimal d ? d.toPlainString() : JsonTrees.json(n);
    }
}
