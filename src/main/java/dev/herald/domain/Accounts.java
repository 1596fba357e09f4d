package dev.herald.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Accounts and authentication. Auth tokens are compared as SHA-256 hashes, in constant time; the store also keeps
 * each token sealed with the master key, for signing ({@link #authToken}), never in a cache.
 *
 * <p>Lookups are cached for {@link #CACHE_NANOS}, those that found an account and those that did not alike, so
 * that authenticating costs the same whether or not the account SID exists: the presented token is hashed and
 * compared either way, and the store is asked at most once per SID and window either way. An unknown SID is
 * therefore not told apart by its answer time. The cost is that a change made by another Herald node (a new
 * token, a new account) takes effect here within that time; this node's own {@link #ensure} and {@link #create}
 * take effect at once. At most {@link #MAX_UNKNOWN} unknown SIDs are remembered. The cache never holds tokens.
 * Thread-safe.
 */
public final class Accounts {
    /** A freshly created account with its plaintext token, which is shown once and not stored. */
    public record NewAccount(String sid, String authToken) {
        @Override
        public String toString() {
            return "NewAccount[sid=" + sid + "]";
        }
    }

    /** A lookup's result: the account's token hash, or null when there was no such account. */
    private record Cached(byte[] hash, long loadedAt) {
    }

    static final long CACHE_NANOS = 30_000_000_000L;
    static final int MAX_UNKNOWN = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountStore store;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Cached> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached> unknown = new ConcurrentHashMap<>();

    public Accounts(AccountStore store, Clock clock) {
        this(store, clock, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the cache windows are measured in ({@link System#nanoTime}) */
    Accounts(AccountStore store, Clock clock, LongSupplier nanoTime) {
        this.store = store;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    public NewAccount create() {
        NewAccount account = new NewAccount(Sids.next(Sids.ACCOUNT), newToken());
        ensure(account.sid(), account.authToken());
        return account;
    }

    /**
     * Gives an existing account a new random token, which replaces the old one at once on this node (other nodes
     * within their cache window); an {@link IllegalArgumentException} when there is no such account.
     */
    public NewAccount rotateToken(String sid) {
        if (!Sids.isValid(Sids.ACCOUNT, sid) || store.find(sid).isEmpty()) {
            throw new IllegalArgumentException("There is no account " + sid + ".");
        }
        NewAccount account = new NewAccount(sid, newToken());
        ensure(sid, account.authToken());
        return account;
    }

    /** Every account, in SID order, without tokens. */
    public List<AccountSummary> list() {
        return store.list();
    }

    /** {@link AccountStore#delete}; the account stops authenticating on this node at once. */
    public AccountStore.Deletion delete(String sid, boolean withServices) {
        if (!Sids.isValid(Sids.ACCOUNT, sid)) {
            return AccountStore.Deletion.MISSING;
        }
        AccountStore.Deletion deletion = store.delete(sid, withServices);
        known.remove(sid);
        return deletion;
    }

    private static String newToken() {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    /** Makes sure the account exists with exactly this token (creating it or replacing its token). */
    public void ensure(String sid, String authToken) {
        if (!Sids.isValid(Sids.ACCOUNT, sid)) {
            throw new IllegalArgumentException("An account SID is AC followed by 32 hex digits.");
        }
        if (authToken == null || authToken.isEmpty()) {
            throw new IllegalArgumentException("An auth token must not be empty.");
        }
        byte[] hash = SecretHashes.sha256(authToken);
        store.upsert(new Account(sid, HexFormat.of().formatHex(hash), clock.instant().getEpochSecond()), authToken);
        known.put(sid, new Cached(hash, nanoTime.getAsLong()));
        unknown.remove(sid);
    }

    /**
     * The account's auth token, for signing what Herald sends on its behalf as Twilio signs its webhooks; empty when
     * the account does not exist or was created before Herald kept tokens (until {@link #ensure} sets it again).
     */
    public Optional<String> authToken(String sid) {
        return store.authToken(sid);
    }

    /** The accounts whose token Herald does not keep, so cannot sign for. */
    public long withoutToken() {
        return store.countWithoutToken();
    }

    public boolean any() {
        return store.count() > 0;
    }

    /** Whether {@code authToken} is the token of account {@code sid}. */
    public boolean authenticate(String sid, String authToken) {
        if (!Sids.isValid(Sids.ACCOUNT, sid)) {
            return false;
        }
        return SecretHashes.matches(tokenHash(sid), authToken);
    }

    /** The account's token hash, or null for no such account, from the cache while its entry is fresh. */
    private byte[] tokenHash(String sid) {
        long now = nanoTime.getAsLong();
        Cached cached = known.get(sid);
        if (cached == null) {
            cached = unknown.get(sid);
        }
        if (cached != null && now - cached.loadedAt() <= CACHE_NANOS) {
            return cached.hash();
        }
        byte[] stored = store.find(sid).map(a -> HexFormat.of().parseHex(a.authTokenHash())).orElse(null);
        if (stored == null) {
            known.remove(sid);
            rememberUnknown(sid, now);
        } else {
            unknown.remove(sid);
            known.put(sid, new Cached(stored, now));
        }
        return stored;
    }

    /** Remembers an unknown SID; when {@link #MAX_UNKNOWN} are remembered, forgets the stale ones, or all. */
    private void rememberUnknown(String sid, long now) {
        if (unknown.size() >= MAX_UNKNOWN) {
            unknown.values().removeIf(c -> now - c.loadedAt() > CACHE_NANOS);
            if (unknown.size() >= MAX_UNKNOWN) {
                unknown.clear();
            }
        }
        unknown.put(sid, new Cached(null, now));
    }

    /** How many unknown SIDs are remembered (for tests). */
    int unknownRemembered() {
        return unknown.size();
    }
}
