package dev.herald.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers what a pure function read out of a Credential's secret text (a certificate's topic, a service account's
 * project), so that each delivery does not parse the secret again: at most {@link #SIZE} entries, all forgotten
 * when full. Keys are secrets: never logged. Thread-safe.
 */
final class SecretsMemo<V> {
    static final int SIZE = 256;

    private final Map<String, V> known = new ConcurrentHashMap<>();
    private final Function<String, V> read;

    /** {@code read} must never return null. */
    SecretsMemo(Function<String, V> read) {
        this.read = read;
    }

    V get(String secret) {
        V value = known.get(secret);
        if (value != null) {
            return value;
        }
        value = read.apply(secret);
        if (known.size() >= SIZE) {
            known.clear();
        }
        known.put(secret, value);
        return value;
    }
}
