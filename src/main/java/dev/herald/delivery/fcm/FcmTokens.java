package dev.herald.delivery.fcm;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.herald.domain.Credential;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * OAuth2 access tokens for fcm Credentials, from google-auth-library: one {@link GoogleCredentials} per Credential
 * version (its secrets and update time), built on first use; a token is reused until five minutes before it
 * expires, then refreshed once for all the sends that wait for it ({@code refreshIfExpired}, which fetches a new one
 * within the library's refresh margin), never once per message. Reading the Secret and fetching a token are blocking,
 * so they run on the {@code executor}; {@link #token} itself returns at once. A refused token request is remembered
 * for a minute, an unreachable endpoint for five seconds, an unreadable Secret until the Credential changes.
 * Entries unused for ten minutes are dropped by {@link #dropIdle}. Thread-safe.
 */
final class FcmTokens {
    static final long FRESH_MILLIS = TimeUnit.MINUTES.toMillis(5);
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long REFUSED_HOLD_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long UNAVAILABLE_HOLD_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A bearer token, or why there is none: the service account refused (final) or the endpoint unavailable. */
    sealed interface Token {
    }

    record Bearer(String value) implements Token {
        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }

    record Refused(String why) implements Token {
    }

    record Unavailable(String why) implements Token {
    }

    /** One Credential version's Google credentials and the refresh under way. */
    private static final class Entry {
        final long version;
        volatile GoogleCredentials google;
        volatile long lastUsedNanos = System.nanoTime();
        CompletableFuture<Token> refreshing;
        Token failure;
        long failureUntilNanos;

        Entry(long version) {
            this.version = version;
        }
    }

    private final Executor executor;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    FcmTokens(Executor executor) {
        this.executor = executor;
    }

    /** A token for {@code credential}: at once when a fresh one is cached, else once the executor got one. */
    CompletableFuture<Token> token(Credential credential) {
        long version = credential.version();
        Entry entry = entries.compute(credential.sid(), (sid, e) -> e != null && e.version == version ? e
                : new Entry(version));
        entry.lastUsedNanos = System.nanoTime();
        GoogleCredentials google = entry.google;
        AccessToken cached = google == null ? null : google.getAccessToken();
        if (cached != null && cached.getExpirationTime() != null
                && cached.getExpirationTime().getTime() - System.currentTimeMillis() > FRESH_MILLIS) {
            return CompletableFuture.completedFuture(new Bearer(cached.getTokenValue()));
        }
        synchronized (entry) {
            if (entry.failure != null && System.nanoTime() - entry.failureUntilNanos < 0) {
                return CompletableFuture.completedFuture(entry.failure);
            }
            CompletableFuture<Token> refresh = entry.refreshing;
            if (refresh == null) {
                refresh = CompletableFuture.supplyAsync(() -> refresh(entry, credential.secrets().secret()), executor);
                entry.refreshing = refresh;
                refresh.whenComplete((token, error) -> settled(entry, token)); // at once if already done: lock held
            }
            return refresh;
        }
    }

    private static void settled(Entry entry, Token token) {
        synchronized (entry) {
            entry.refreshing = null;
            if (token instanceof Bearer || token == null) {
                entry.failure = null;
            } else {
                entry.failure = token;
                long hold = entry.google == null ? Long.MAX_VALUE / 2
                        : token instanceof Refused ? REFUSED_HOLD_NANOS : UNAVAILABLE_HOLD_NANOS;
                entry.failureUntilNanos = System.nanoTime() + hold;
            }
        }
    }

    /** On the executor: reads the Secret if not yet read, then refreshes the token if the library finds it stale. */
    private static Token refresh(Entry entry, String secret) {
        GoogleCredentials google = entry.google;
        if (google == null) {
            try {
                google = ServiceAccounts.read(secret);
            } catch (ServiceAccounts.Unusable e) {
                return new Refused(e.getMessage());
            }
            entry.google = google;
        }
        try {
            google.refreshIfExpired();
            AccessToken token = google.getAccessToken();
            return token == null ? new Unavailable("the token endpoint gave no access token")
                    : new Bearer(token.getTokenValue());
        } catch (IOException | RuntimeException e) {
            return failure(e);
        }
    }

    /**
     * A failed token request: an answer of 4xx (but 408 and 429) refuses the service account (invalid_grant: a key
     * revoked or deleted, a wrong client_email); anything else (no answer, 5xx, an unreadable answer) is transient.
     */
    static Token failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException answer) {
                int status = answer.getStatusCode();
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    return new Refused("the token endpoint refused the service account (HTTP " + status + ")");
                }
                return new Unavailable("the token endpoint answered HTTP " + status);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new Unavailable("the token endpoint could not be reached (" + error.getClass().getSimpleName() + ")");
    }

    /** Drops the entries not used for ten minutes (deleted or idle Credentials). */
    void dropIdle() {
        long now = System.nanoTime();
        entries.forEach((sid, entry) -> {
            if (now - entry.lastUsedNanos > IDLE_NANOS) {
                entries.remove(sid, entry);
            }
        });
    }
}
