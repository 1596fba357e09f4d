package dev.herald.store.jdbc;

import dev.herald.domain.Account;
import dev.herald.domain.AccountStore;
import java.util.Optional;

final class JdbcAccountStore implements AccountStore {
    private final Transactor tx;

    JdbcAccountStore(Transactor tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Account> find(String sid) {
        return tx.read(h -> h.createQuery("SELECT sid, auth_token_hash, date_created FROM accounts WHERE sid = :sid")
                .bind("sid", sid)
                .map((rs, ctx) -> new Account(rs.getString("sid"), rs.getString("auth_token_hash"), rs.getLong("date_created")))
                .findOne());
    }

    @Override
    public void upsert(Account account) {
        tx.write(h -> h.createUpdate("""
                        INSERT INTO accounts (sid, auth_token_hash, date_created) VALUES (:sid, :hash, :created)
                        ON CONFLICT (sid) DO UPDATE SET auth_token_hash = excluded.auth_token_hash""")
                .bind("sid", account.sid())
                .bind("hash", account.authTokenHash())
                .bind("created", account.dateCreated())
                .execute());
    }

    @Override
    public long count() {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one());
    }
}
