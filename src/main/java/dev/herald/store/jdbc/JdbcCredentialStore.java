package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.domain.CredentialStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Slice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Credentials with their secrets sealed by a {@link SecretBox} bound to the Credential SID. */
final class JdbcCredentialStore implements CredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "sid, account_sid, friendly_name, type, secrets, date_created, date_updated";
    private static final String EXISTS = "SELECT 1 FROM credentials WHERE sid = :sid AND account_sid = :account";
    /** Whether a Service or Binding names the Credential: one index probe each (migrations V4, V7 for the Services). */
    static final String IN_USE = """
            SELECT 1 FROM services WHERE apn_credential_sid = :sid
            UNION ALL SELECT 1 FROM services WHERE gcm_credential_sid = :sid
            UNION ALL SELECT 1 FROM services WHERE fcm_credential_sid = :sid
            UNION ALL SELECT 1 FROM services WHERE facebook_messenger_credential_sid = :sid
            UNION ALL SELECT 1 FROM bindings WHERE credential_sid = :sid
            LIMIT 1""";

    private final Transactor tx;
    private final SecretBox box;
    private final Dialect dialect;
    private final SettingsVersion version;

    JdbcCredentialStore(Transactor tx, SecretBox box, Dialect dialect, SettingsVersion version) {
        this.tx = tx;
        this.box = box;
        this.dialect = dialect;
        this.version = version;
    }

    /**
     * Whether the account has Credential {@code sid}; if so, it stays until the transaction of {@code h} ends
     * ({@link Dialect#keepRow}), so that a write that is to name it cannot race its delete.
     */
    static boolean keep(Handle h, Dialect dialect, String accountSid, String sid) {
        return h.createQuery(EXISTS + dialect.keepRow()).bind("sid", sid).bind("account", accountSid)
                .mapTo(Integer.class).findOne().isPresent();
    }

    @Override
    public void insert(Credential c) {
        String sealed = seal(c);
        version.counting(() -> tx.write(h -> h.createUpdate("INSERT INTO credentials (" + COLUMNS + ") VALUES "
                        + "(:sid, :account, :name, :type, :secrets, :created, :updated)")
                .bind("sid", c.sid()).bind("account", c.accountSid()).bind("name", c.friendlyName())
                .bind("type", c.type().wire()).bind("secrets", sealed)
                .bind("created", c.dateCreated()).bind("updated", c.dateUpdated())
                .execute()));
    }

    @Override
    public Optional<Credential> find(String accountSid, String sid) {
        return tx.read(h -> find(h, accountSid, sid));
    }

    private Optional<Credential> find(Handle h, String accountSid, String sid) {
        return find(h, accountSid, sid, "");
    }

    private Optional<Credential> find(Handle h, String accountSid, String sid, String lock) {
        return h.createQuery("SELECT " + COLUMNS + " FROM credentials WHERE sid = :sid AND account_sid = :account"
                        + lock)
                .bind("sid", sid).bind("account", accountSid).map(this::map).findOne();
    }

    /** Reads the Credential locked for update ({@link Dialect#updateRow}), so that concurrent updates take turns. */
    @Override
    public Optional<Credential> update(String accountSid, String sid, UnaryOperator<Credential> change) {
        return version.counting(() -> tx.write(h -> find(h, accountSid, sid, dialect.updateRow()).map(current -> {
            Credential next = change.apply(current);
            h.createUpdate("UPDATE credentials SET friendly_name = :name, secrets = :secrets, date_updated = :updated "
                            + "WHERE sid = :sid")
                    .bind("name", next.friendlyName()).bind("secrets", seal(next))
                    .bind("updated", next.dateUpdated()).bind("sid", sid).execute();
            return next;
        })));
    }

    /**
     * Locks the Credential's row first ({@link Dialect#deleteRow}): every write that named it has then committed,
     * and none can name it until this transaction ends, so the check that nothing names it stays true through the
     * delete (the foreign keys would refuse the delete otherwise).
     */
    @Override
    public DeleteResult delete(String accountSid, String sid) {
        return version.counting(() -> tx.write(h -> {
            boolean exists = h.createQuery(EXISTS + dialect.deleteRow()).bind("sid", sid).bind("account", accountSid)
                    .mapTo(Integer.class).findOne().isPresent();
            if (!exists) {
                return DeleteResult.NOT_FOUND;
            }
            if (h.createQuery(IN_USE).bind("sid", sid).mapTo(Integer.class).findFirst().isPresent()) {
                return DeleteResult.IN_USE;
            }
            h.createUpdate("DELETE FROM credentials WHERE sid = :sid").bind("sid", sid).execute();
            return DeleteResult.DELETED;
        }));
    }

    @Override
    public Slice<Credential> list(String accountSid, PageRequest page) {
        String sql = "SELECT " + COLUMNS + " FROM credentials WHERE account_sid = :account"
                + Keyset.condition(page, "date_created", "sid") + Keyset.orderAndLimit(page, "date_created", "sid");
        return tx.read(h -> Keyset.slice(
                Keyset.bind(h.createQuery(sql).bind("account", accountSid), page).map(this::map).list(), page));
    }

    private String seal(Credential c) {
        CredentialSecrets k = c.secrets();
        SealedSecrets s = new SealedSecrets(k.certificate(), k.privateKey(), k.sandbox(), k.apiKey(), k.secret(),
                k.keyId(), k.teamId(), k.bundleId());
        try {
            return box.seal(JSON.writeValueAsString(s), c.sid());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Secrets could not be serialised.", e);
        }
    }

    private Credential map(ResultSet rs, StatementContext ctx) throws SQLException {
        String sid = rs.getString("sid");
        SealedSecrets s;
        try {
            s = JSON.readValue(box.open(rs.getString("secrets"), sid), SealedSecrets.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The secrets of Credential " + sid + " are not readable.", e);
        }
        return new Credential(sid, rs.getString("account_sid"), rs.getString("friendly_name"),
                CredentialType.fromWire(rs.getString("type")).orElseThrow(),
                new CredentialSecrets(s.certificate(), s.privateKey(), s.sandbox(), s.apiKey(), s.secret(), s.keyId(),
                        s.teamId(), s.bundleId()),
                rs.getLong("date_created"), rs.getLong("date_updated"));
    }

    /** The JSON shape inside the sealed column (rows sealed before the token fields existed read them as null). */
    private record SealedSecrets(String certificate, String privateKey, Boolean sandbox, String apiKey, String secret,
                                 String keyId, String teamId, String bundleId) {
    }
}
