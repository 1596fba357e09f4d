package dev.herald.store.jdbc;

import dev.herald.domain.Account;
import dev.herald.domain.AccountStore;
import java.util.Optional;

/** Accounts in {@code accounts}: the token's SHA-256 hash, and the token sealed by {@link SecretBox} to the SID. */
final class JdbcAccountStore implements AccountStore {
    private final Transactor tx;
    private final SecretBox box;

    JdbcAccountStore(Transactor tx, SecretBox box) {
        this.tx = tx;
        this.box = box;
    }

    @Override
    public Optional<Account> find(String sid) {
        return tx.read(h -> h.createQuery("SELECT sid, auth_token_hash, date_created FROM accounts WHERE sid = :sid")
                .bind("sid", sid)
                .map((rs, ctx) -> new Account(rs.getString("sid"), rs.getString("auth_token_hash"), rs.getLong("date_created")))
                .findOne());
    }

    @Override
    public void upsert(Account account, String authToken) {
        String sealed = authToken == null ? null : box.seal(authToken, account.sid());
        tx.write(h -> h.createUpdate("""
                        INSERT INTO accounts (sid, auth_token_hash, auth_token_sealed, date_created)
                        VALUES (:sid, :hash, :sealed, :created)
                        ON CONFLICT (sid) DO UPDATE SET auth_token_hash = excluded.auth_token_hash,
                            auth_token_sealed = excluded.auth_token_sealed""")
                .bind("sid", account.sid())
                .bind("hash", account.authTokenHash())
                .bind("sealed", sealed)
                .bind("created", account.dateCreated())
                .execute());
    }

    @Override
    public Optional<String> authToken(String sid) {
        return tx.read(h -> h.createQuery("SELECT auth_token_sealed FROM accounts WHERE sid = :sid "
                                + "AND auth_token_sealed IS NOT NULL")
                        .bind("sid", sid).mapTo(String.class).findOne())
                .map(sealed -> box.open(sealed, sid));
    }

    @Override
    public long countWithoutToken() {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM accounts WHERE auth_token_sealed IS NULL")
                .mapTo(Long.class).one());
    }

    @Override
    public long count() {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one());
    }
}
