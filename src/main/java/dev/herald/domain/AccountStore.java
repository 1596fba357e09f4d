package dev.herald.domain;

import java.util.List;
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

    /** Every account, in SID order. */
    List<AccountSummary> list();

    /** What {@link #delete} did. */
    enum Deletion { DELETED, MISSING, HAS_SERVICES }

    /**
     * Deletes the account and its Credentials in one transaction. While it has Services it is left as it is
     * ({@link Deletion#HAS_SERVICES}) unless {@code withServices}: then its Services, their Bindings and
     * Notifications (with their deliveries and callbacks) go too.
     */
    Deletion delete(String sid, boolean withServices);
}
