package dev.herald.store.jdbc;

import dev.herald.domain.ApiKey;
import dev.herald.domain.KeyStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Slice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** API keys in {@code api_keys} (migration V10), with their secrets' hashes only. */
final class JdbcKeyStore implements KeyStore {
    private static final String COLUMNS = "sid, account_sid, friendly_name, secret_hash, date_created, date_updated";

    private final Transactor tx;

    JdbcKeyStore(Transactor tx) {
        this.tx = tx;
    }

    @Override
    public boolean insert(ApiKey key) {
        return tx.write(h -> h.createUpdate("INSERT INTO api_keys (" + COLUMNS + ") "
                        + "SELECT :sid, :account, :name, :hash, :created, :updated "
                        + "WHERE EXISTS (SELECT 1 FROM accounts WHERE sid = :account)")
                .bind("sid", key.sid()).bind("account", key.accountSid()).bind("name", key.friendlyName())
                .bind("hash", key.secretHash()).bind("created", key.dateCreated()).bind("updated", key.dateUpdated())
                .execute()) == 1;
    }

    @Override
    public Optional<ApiKey> find(String sid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE sid = :sid")
                .bind("sid", sid).map(JdbcKeyStore::map).findOne());
    }

    @Override
    public Slice<ApiKey> list(String accountSid, PageRequest page) {
        String sql = "SELECT " + COLUMNS + " FROM api_keys WHERE account_sid = :account"
                + Keyset.condition(page, "date_created", "sid") + Keyset.orderAndLimit(page, "date_created", "sid");
        return tx.read(h -> Keyset.slice(
                Keyset.bind(h.createQuery(sql).bind("account", accountSid), page).map(JdbcKeyStore::map).list(), page));
    }

    @Override
    public Optional<ApiKey> rename(String accountSid, String sid, String friendlyName, long dateUpdated) {
        return tx.write(h -> h.createQuery("UPDATE api_keys SET friendly_name = :name, date_updated = :updated "
                        + "WHERE sid = :sid AND account_sid = :account RETURNING " + COLUMNS)
                .bind("name", friendlyName).bind("updated", dateUpdated).bind("sid", sid).bind("account", accountSid)
                .map(JdbcKeyStore::map).findOne());
    }

    @Override
    public boolean delete(String accountSid, String sid) {
        return tx.write(h -> h.createUpdate("DELETE FROM api_keys WHERE sid = :sid AND account_sid = :account")
                .bind("sid", sid).bind("account", accountSid).execute()) > 0;
    }

    private static ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiKey(rs.getString("sid"), rs.getString("account_sid"), rs.getString("friendly_name"),
                rs.getString("secret_hash"), rs.getLong("date_created"), rs.getLong("date_updated"));
    }
}
