package dev.herald.domain;

import java.util.Optional;

/** API keys and their secret hashes. Implementations are thread-safe; every write is durable on return. */
public interface KeyStore {
    /** Inserts the key; false, inserting nothing, when its account does not exist. */
    boolean insert(ApiKey key);

    /** The key {@code sid} of whichever account it belongs to. */
    Optional<ApiKey> find(String sid);

    /** An account's keys, ordered by date created, then SID. */
    Slice<ApiKey> list(String accountSid, PageRequest page);

    /** Sets the friendly name (null clears it) of the account's key; empty when the account has no such key. */
    Optional<ApiKey> rename(String accountSid, String sid, String friendlyName, long dateUpdated);

    /** Deletes the account's key; false when it has no such key. */
    boolean delete(String accountSid, String sid);
}
