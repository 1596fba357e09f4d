package dev.herald.delivery;

import dev.herald.domain.CredentialStore;
import dev.herald.domain.ServiceStore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The dispatcher's {@link Resolution}: what it read of Services and Credentials, kept while this process writes
 * none of them ({@code settingsVersion} unchanged) for up to {@link #KEEP_MILLIS}, so that a change made through
 * another node takes effect within that time. Not thread-safe: the dispatcher's alone.
 */
final class Resolutions {
    static final long KEEP_MILLIS = 1000;

    private final ServiceStore services;
    private final CredentialStore credentials;
    private final LongSupplier settingsVersion;
    private Resolution current;
    private long version;
    private long readAtNanos;

    Resolutions(ServiceStore services, CredentialStore credentials, LongSupplier settingsVersion) {
        this.services = services;
        this.credentials = credentials;
        this.settingsVersion = settingsVersion;
    }

    Resolution current() {
        long now = settingsVersion.getAsLong();
        long nanos = System.nanoTime();
        if (current == null || now != version || nanos - readAtNanos > TimeUnit.MILLISECONDS.toNanos(KEEP_MILLIS)) {
            current = new Resolution(services, credentials);
            version = now;
            readAtNanos = nanos;
        }
        return current;
    }
}
