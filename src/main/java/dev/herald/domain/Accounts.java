package dev.herald.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts and authentication. Auth tokens are kept only as SHA-256 hashes and compared in constant time.
 * Known accounts are cached for {@link #CACHE_NANOS} after a lookup, so a token changed by another Herald node
 * takes effect within that time; the cache never holds tokens. Thread-safe.
 */
public final class Accounts {
    /** A freshly created account with its plaintext token, which is shown once and not stored. */
    public record NewAccount(String sid, String authToken) {
        @Override
        public String toString() {
            return "NewAccount[sid=" + sid + "]";
        }
    }

    private record Cached(byte[] hash, long loadedAt) {
    }

    static final long CACHE_NANOS = 30_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AccountStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> hashes = new ConcurrentHashMap<>();

    public Accounts(AccountStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public NewAccount create() {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        NewAccount account = new NewAccount(Sids.next(Sids.ACCOUNT), HexFormat.of().formatHex(token));
        ensure(account.sid(), account.authToken());
        return account;
    }

    /** Makes sure the account exists with exactly this token (creating it or replacing its token). */
    public void ensure(String sid, String authToken) {
        if (!Sids.isValid(Sids.ACCOUNT, sid)) {
            throw new IllegalArgumentException("An account SID is AC followed by 32 hex digits.");
        }
        if (authToken == null || authToken.isEmpty()) {
            throw new IllegalArgumentException("An auth token must not be empty.");
        }
        byte[] hash = hash(authToken);
        store.upsert(new Account(sid, HexFormat.of().formatHex(hash), clock.instant().getEpochSecond()));
        hashes.put(sid, new Cached(hash, System.nanoTime()));
    }

    public boolean any() {
        return store.count() > 0;
    }

    /** Whether {@code authToken} is the token of account {@code sid}. */
    public boolean authenticate(String sid, String authToken) {
        if (!Sids.isValid(Sids.ACCOUNT, sid)) {
            return false;
        }
        Cached cached = hashes.get(sid);
        if (cached == null || System.nanoTime() - cached.loadedAt() > CACHE_NANOS) {
            byte[] stored = store.find(sid).map(a -> HexFormat.of().parseHex(a.authTokenHash())).orElse(null);
            if (stored == null) {
                hashes.remove(sid);
                return false;
            }
            cached = new Cached(stored, System.nanoTime());
            hashes.put(sid, cached);
        }
        return MessageDigest.isEqual(cached.hash(), hash(authToken));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK.", e);
        }
    }
}
