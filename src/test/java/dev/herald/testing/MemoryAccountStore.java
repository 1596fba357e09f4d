package dev.herald.testing;

import dev.herald.domain.Account;
import dev.herald.domain.AccountStore;
import dev.herald.domain.AccountSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts in memory, for tests of what sits above the store; keeps no tokens. Thread-safe. */
public class MemoryAccountStore implements AccountStore {
    protected final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();

    @Override
    public Optional<Account> find(String sid) {
        return Optional.ofNullable(accounts.get(sid));
    }

    @Override
    public void upsert(Account account, String authToken) {
        accounts.put(account.sid(), account);
    }

    @Override
    public Optional<String> authToken(String sid) {
        return Optional.empty();
    }

    @Override
    public long countWithoutToken() {
        return accounts.size();
    }

    @Override
    public long count() {
        return accounts.size();
    }

    @Override
    public List<AccountSummary> list() {
        return accounts.values().stream().sorted(Comparator.comparing(Account::sid))
                .map(a -> new AccountSummary(a.sid(), a.dateCreated(), false)).toList();
    }

    @Override
    public Deletion delete(String sid, boolean withServices) {
        return accounts.remove(sid) == null ? Deletion.MISSING : Deletion.DELETED;
    }
}
