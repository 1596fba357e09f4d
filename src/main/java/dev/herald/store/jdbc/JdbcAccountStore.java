package dev.herald.store.jdbc;

import dev.herald.domain.Account;
import dev.herald.domain.AccountStore;
import dev.herald.domain.AccountSummary;
import java.util.List;
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

    @Override
    public List<AccountSummary> list() {
        return tx.read(h -> h.createQuery("SELECT sid, date_created, CASE WHEN auth_token_sealed IS NULL THEN 0 "
                        + "ELSE 1 END AS sealed FROM accounts ORDER BY sid")
                .map((rs, ctx) -> new AccountSummary(rs.getString("sid"), rs.getLong("date_created"),
                        rs.getInt("sealed") == 1))
                .list());
    }

    @Override
    public Deletion delete(String sid, boolean withServices) {
        return tx.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM accounts WHERE sid = :sid").bind("sid", sid)
                    .mapTo(Long.class).one() == 0) {
                return Deletion.MISSING;
            }
            boolean hasServices = h.createQuery("SELECT COUNT(*) FROM services WHERE account_sid = :sid")
                    .bind("sid", sid).mapTo(Long.class).one() > 0;
            if (hasServices && !withServices) {
                return Deletion.HAS_SERVICES;
            }
            for (String sql : ACCOUNT_ROWS) {
                h.createUpdate(sql).bind("sid", sid).execute();
            }
            return Deletion.DELETED;
        });
    }

    /**
     * An account's rows, children first: a Service's Bindings and identity counts cascade with it; Notifications,
     * their deliveries and callbacks, idempotency tokens and tag rows have no foreign key to cascade along.
     */
    private static final List<String> ACCOUNT_ROWS = List.of(
            "DELETE FROM callbacks WHERE account_sid = :sid",
            "DELETE FROM deliveries WHERE notification_sid IN (SELECT sid FROM notifications WHERE account_sid = :sid)",
            "DELETE FROM notifications WHERE account_sid = :sid",
            "DELETE FROM idempotency_tokens WHERE service_sid IN (SELECT sid FROM services WHERE account_sid = :sid)",
            "DELETE FROM binding_tags WHERE service_sid IN (SELECT sid FROM services WHERE account_sid = :sid)",
            "DELETE FROM services WHERE account_sid = :sid",
            "DELETE FROM credentials WHERE account_sid = :sid",
            "DELETE FROM accounts WHERE sid = :sid");
}
