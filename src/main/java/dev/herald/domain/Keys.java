package dev.herald.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * API keys: created with a secret that is shown once, listed, renamed and revoked; and authentication by key SID
 * and secret, which answers the key's account. Every authentication reads the key from the store (one primary-key
 * read), so a revoked key stops authenticating at once on every Herald node. Thread-safe.
 */
public final class Keys {
    /** A freshly created key with its secret, which is shown once and not stored. */
    public record NewKey(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "NewKey[sid=" + key.sid() + "]";
        }
    }

    /** Twilio's key secrets are 32 letters and digits. */
    static final int SECRET_LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore store;
    private final Clock clock;

    public Keys(KeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates a key of the account; a {@link NotFoundException} when the account does not exist. */
    public NewKey create(String accountSid, String friendlyName) {
        String name = Validate.emptyToNull(Validate.maxLength("FriendlyName", friendlyName, Services.MAX_NAME));
        String secret = secret();
        long now = clock.instant().getEpochSecond();
        ApiKey key = new ApiKey(Sids.next(Sids.API_KEY), accountSid, name,
                HexFormat.of().formatHex(SecretHashes.sha256(secret)), now, now);
        if (!Sids.isValid(Sids.ACCOUNT, accountSid) || !store.insert(key)) {
            throw new NotFoundException("Account " + accountSid);
        }
        return new NewKey(key, secret);
    }

    public ApiKey fetch(String accountSid, String sid) {
        return store.find(sid).filter(k -> k.accountSid().equals(accountSid)).orElseThrow(() -> notFound(sid));
    }

    public Slice<ApiKey> list(String accountSid, PageRequest page) {
        return store.list(accountSid, page);
    }

    /** Renames the key: null keeps its name, empty clears it. */
    public ApiKey update(String accountSid, String sid, String friendlyName) {
        Validate.maxLength("FriendlyName", friendlyName, Services.MAX_NAME);
        if (friendlyName == null) {
            return fetch(accountSid, sid);
        }
        return store.rename(accountSid, sid, Validate.emptyToNull(friendlyName), clock.instant().getEpochSecond())
                .orElseThrow(() -> notFound(sid));
    }

    /** Deletes the key: it authenticates no more. */
    public void delete(String accountSid, String sid) {
        if (!store.delete(accountSid, sid)) {
            throw notFound(sid);
        }
    }

    /**
     * Deletes the key of whichever account it belongs to, or of {@code accountSid} only when that is not null, and
     * returns the key's account.
     */
    public String revoke(String accountSid, String sid) {
        String canonical = Sids.canonical(sid);
        String owner = accountSid != null ? Sids.canonical(accountSid)
                : store.find(canonical).map(ApiKey::accountSid).orElseThrow(() -> notFound(canonical));
        delete(owner, canonical);
        return owner;
    }

    /**
     * The account SID of key {@code sid} when {@code secret} is its secret; null otherwise. The secret is hashed and
     * compared (in constant time) whether or not the key exists.
     */
    public String authenticate(String sid, String secret) {
        ApiKey key = Sids.isValid(Sids.API_KEY, sid) ? store.find(Sids.canonical(sid)).orElse(null) : null;
        byte[] expected = key == null ? null : HexFormat.of().parseHex(key.secretHash());
        return SecretHashes.matches(expected, secret) ? key.accountSid() : null;
    }

    private static NotFoundException notFound(String sid) {
        return new NotFoundException("Key " + sid);
    }

    private static String secret() {
        StringBuilder secret = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }
}
