package dev.herald.delivery.callbacks;

import dev.herald.delivery.http.KeepAlivePool;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keep-alive pools callbacks go out on: one an origin and address (so a connection goes to the address that
 * {@link CallbackAddresses} checked, never to what a second lookup of the name might answer), all on one event-loop
 * thread ({@code herald-callbacks-io-*}). A pool unused for {@code idleMillis} is closed by {@link #sweep}; a callback
 * that raced with that fails as a transient error and is sent again later. Thread-safe.
 */
final class CallbackPools implements AutoCloseable {
    private record Key(String scheme, String host, int port, InetAddress address) {
    }

    private static final class Entry {
        final KeepAlivePool pool;
        volatile long lastUsed;

        Entry(KeepAlivePool pool, long now) {
            this.pool = pool;
            this.lastUsed = now;
        }
    }

    private final KeepAlivePool.Loop loop = new KeepAlivePool.Loop("herald-callbacks-io");
    private final Map<Key, Entry> pools = new ConcurrentHashMap<>();
    private final int connections;
    private final Duration timeout;

    CallbackPools(int connections, Duration timeout) {
        this.connections = connections;
        this.timeout = timeout;
    }

    /** The pool for {@code url}'s origin at {@code address}, opened when there is none. */
    KeepAlivePool pool(URI url, InetAddress address, long nowMillis) {
        Key key = new Key(url.getScheme().toLowerCase(), url.getHost().toLowerCase(), url.getPort(), address);
        Entry e = pools.computeIfAbsent(key, k -> new Entry(KeepAlivePool.onLoop(loop, "callback endpoint",
                URI.create(k.scheme() + "://" + url.getRawAuthority().replaceFirst("^.*@", "")), address,
                connections, timeout), nowMillis));
        e.lastUsed = nowMillis;
        return e.pool;
    }

    /** Closes the pools unused for {@code idleMillis}. */
    void sweep(long nowMillis, long idleMillis) {
        pools.entrySet().removeIf(e -> {
            if (nowMillis - e.getValue().lastUsed < idleMillis) {
                return false;
            }
            e.getValue().pool.close();
            return true;
        });
    }

    @Override
    public void close() {
        pools.values().forEach(e -> e.pool.close());
        pools.clear();
        loop.close();
    }
}
