package dev.herald.domain;

import java.util.Optional;

/** Accounts and their auth-token hashes. Implementations are thread-safe; every write is durable on return. */
public interface AccountStore {
    Optional<Account> find(String sid);

    /** Creates the account, or replaces its token hash if it exists. */
    void upsert(Account account);

    long count();
}
