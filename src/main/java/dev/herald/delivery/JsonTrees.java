package dev.herald.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees as plain Java values (maps with string keys in their order, lists, strings, numbers, booleans,
 * nulls): copying, the deep merge of an override, and rendering as JSON text. Thread-safe.
 */
final class JsonTrees {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {
    }

    /**
     * Merges {@code override} into {@code target}, which must be mutable all the way down (built here): an object
     * over an object merges key by key; a JSON null removes the key; any other value replaces (copied).
     */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<?, ?> override) {
        for (Map.Entry<?, ?> e : override.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> object && target.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, object);
            } else {
                target.put(key, mutableCopy(value));
            }
        }
    }

    /** A deep copy made of {@link LinkedHashMap}s and {@link ArrayList}s. */
    static Object mutableCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), mutableCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(mutableCopy(v)));
            return copy;
        }
        return value;
    }

    /** A deep copy that cannot be modified; keeps the order of keys and JSON nulls. */
    static Object frozenCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), frozenCopy(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozenCopy(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** A value as FCM's string-only {@code data} takes it: a string as it is, anything else as its JSON text. */
    static String dataString(Object value) {
        return value instanceof String s ? s : json(value);
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A value is not representable as JSON.", e);
        }
    }


    /** Parses JSON text into plain values, or null when it is not JSON. */
    static Object parseOrNull(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
