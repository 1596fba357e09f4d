package dev.herald.domain;

import java.util.Optional;

/**
 * Accounts, their auth-token hashes, and their auth tokens kept sealed (encrypted with the master key) for signing.
 * Implementations are thread-safe; every write is durable on return.
 */
public interface AccountStore {
    Optional<Account> find(String sid);

    /** {@link #upsert(Account, String)} keeping no token. */
    default void upsert(Account account) {
        upsert(account, null);
    }

    /**
     * Creates the account, or replaces its token hash if it exists, with {@code authToken} (the token of that hash)
     * kept sealed, or none kept when it is null.
     */
    void upsert(Account account, String authToken);

    /** The account's auth token, opened; empty when there is no such account or none is kept for it. */
    Optional<String> authToken(String sid);

    /** The accounts without an auth token kept (created before Herald kept them). */
    long countWithoutToken();

    long count();
}
