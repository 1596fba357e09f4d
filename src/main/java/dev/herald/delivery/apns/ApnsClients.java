package dev.herald.delivery.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.pem.Pem;
import io.netty.channel.EventLoopGroup;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One Pushy client per apn Credential, built on first use and reused by every delivery with it: replaced (the old
 * one closed) when the Credential's secrets change, closed when unused for {@link #IDLE_MILLIS} (so a deleted
 * Credential's connection goes too). Thread-safe.
 */
final class ApnsClients implements AutoCloseable {
    static final long IDLE_MILLIS = TimeUnit.MINUTES.toMillis(10);

    /** A client and the Credential version it was built from. */
    private static final class Entry {
        final ApnsClient client;
        final long version;
        volatile long lastUsedNanos = System.nanoTime();

        Entry(ApnsClient client, long version) {
            this.client = client;
            this.version = version;
        }
    }

    private final ApnsSettings settings;
    private final EventLoopGroup group;
    private final ConcurrentMap<String, Entry> clients = new ConcurrentHashMap<>();

    ApnsClients(ApnsSettings settings, EventLoopGroup group) {
        this.settings = settings;
        this.group = group;
        group.scheduleAtFixedRate(this::closeIdle, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * The client for {@code credential}'s current secrets, whose {@link Credential#version} is {@code version}.
     *
     * @throws GeneralSecurityException the Credential's key or certificate cannot be read (message names no secret)
     */
    ApnsClient client(Credential credential, long version) throws GeneralSecurityException {
        Entry entry = clients.get(credential.sid());
        if (entry == null || entry.version != version) {
            synchronized (this) {
                entry = clients.get(credential.sid());
                if (entry == null || entry.version != version) {
                    Entry fresh = new Entry(build(credential.secrets()), version);
                    Entry old = clients.put(credential.sid(), fresh);
                    if (old != null) {
                        old.client.close();
                    }
                    entry = fresh;
                }
            }
        }
        entry.lastUsedNanos = System.nanoTime();
        return entry.client;
    }

    private ApnsClient build(CredentialSecrets secrets) throws GeneralSecurityException {
        boolean development = Boolean.TRUE.equals(secrets.sandbox());
        ApnsClientBuilder builder = new ApnsClientBuilder()
                .setApnsServer(settings.host() != null ? settings.host()
                                : development ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST : ApnsClientBuilder.PRODUCTION_APNS_HOST,
                        settings.host() != null ? settings.port() : ApnsClientBuilder.DEFAULT_APNS_PORT)
                .setEventLoopGroup(group)
                .setConcurrentConnections(settings.connections());
        if (!settings.trusted().isEmpty()) {
            builder.setTrustedServerCertificateChain(settings.trusted().toArray(new X509Certificate[0]));
        }
        if (secrets.apnsToken()) {
            builder.setSigningKey(new ApnsSigningKey(secrets.keyId(), secrets.teamId(),
                    Pem.ecPrivateKey(secrets.privateKey())));
        } else {
            builder.setClientCredentials(Pem.certificate(secrets.certificate()), Pem.privateKey(secrets.privateKey()),
                    null);
        }
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new GeneralSecurityException("the TLS client could not be set up with the Credential ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        clients.forEach((sid, entry) -> {
            if (now - entry.lastUsedNanos > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) && clients.remove(sid, entry)) {
                entry.client.close();
            }
        });
    }

    /** Closes every client; attempts in flight complete as failed. */
    @Override
    public void close() {
        clients.values().forEach(e -> e.client.close().join());
        clients.clear();
    }
}
