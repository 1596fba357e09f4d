package dev.herald.store.jdbc;

import dev.herald.domain.Service;
import dev.herald.domain.PageRequest;
import dev.herald.domain.ServiceStore;
import dev.herald.domain.Slice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Services in {@code services}; a delete also removes the Service's Bindings and their tag rows. */
final class JdbcServiceStore implements ServiceStore {
    /** The columns a Service sets, each bound from the {@link Service} accessor of the same name in camelCase. */
    private static final List<String> SETTABLE = List.of("friendly_name", "apn_credential_sid", "gcm_credential_sid",
            "fcm_credential_sid", "messaging_service_sid", "facebook_messenger_page_id",
            "facebook_messenger_credential_sid",
            "default_apn_notification_protocol_version", "default_gcm_notification_protocol_version",
            "default_fcm_notification_protocol_version", "default_alexa_notification_protocol_version",
            "log_enabled", "alexa_skill_id", "delivery_callback_url", "delivery_callback_enabled", "date_updated");
    private static final List<String> ALL = Stream.concat(Stream.of("sid", "account_sid", "date_created"),
            SETTABLE.stream()).toList();
    private static final String COLUMNS = String.join(", ", ALL);
    private static final String INSERT = "INSERT INTO services (" + COLUMNS + ") VALUES ("
            + ALL.stream().map(c -> ":" + camel(c)).collect(Collectors.joining(", ")) + ")";
    private static final String UPDATE = "UPDATE services SET "
            + SETTABLE.stream().map(c -> c + " = :" + camel(c)).collect(Collectors.joining(", ")) + " WHERE sid = :sid";

    private final Transactor tx;
    private final Dialect dialect;
    private final SettingsVersion version;

    JdbcServiceStore(Transactor tx, Dialect dialect, SettingsVersion version) {
        this.tx = tx;
        this.dialect = dialect;
        this.version = version;
    }

    @Override
    public WriteResult insert(Service service) {
        return version.counting(() -> tx.write(h -> {
            Optional<String> missing = missingCredential(h, service);
            if (missing.isPresent()) {
                return new WriteResult.CredentialMissing(missing.get());
            }
            h.createUpdate(INSERT).bindMethods(service).execute();
            return new WriteResult.Written(service);
        }));
    }

    @Override
    public Optional<Service> find(String accountSid, String sid) {
        return tx.read(h -> find(h, accountSid, sid, ""));
    }

    /** The account's Service {@code sid}, read with {@code lock} ("" or one of {@link Dialect}'s row locks). */
    static Optional<Service> find(Handle h, String accountSid, String sid, String lock) {
        return h.createQuery("SELECT " + COLUMNS + " FROM services WHERE sid = :sid AND account_sid = :account" + lock)
                .bind("sid", sid).bind("account", accountSid)
                .map(JdbcServiceStore::map).findOne();
    }

    /** Reads the Service locked for update ({@link Dialect#updateRow}), so that concurrent updates take turns. */
    @Override
    public WriteResult update(String accountSid, String sid, UnaryOperator<Service> change) {
        return version.counting(() -> tx.write(h -> {
            Optional<Service> current = find(h, accountSid, sid, dialect.updateRow());
            if (current.isEmpty()) {
                return new WriteResult.ServiceMissing();
            }
            Service next = change.apply(current.get());
            Optional<String> missing = missingCredential(h, next);
            if (missing.isPresent()) {
                return new WriteResult.CredentialMissing(missing.get());
            }
            h.createUpdate(UPDATE).bindMethods(next).execute();
            return new WriteResult.Written(next);
        }));
    }

    /**
     * The first Credential (in SID order) that {@code service} names and its account does not have; the ones
     * checked are kept ({@link JdbcCredentialStore#keep}) until the transaction ends, so they are there when the
     * Service is written and cannot be deleted while it names them.
     */
    private Optional<String> missingCredential(Handle h, Service service) {
        TreeSet<String> named = new TreeSet<>();
        for (String sid : new String[] {service.apnCredentialSid(), service.gcmCredentialSid(),
                service.fcmCredentialSid(), service.facebookMessengerCredentialSid()}) {
            if (sid != null) {
                named.add(sid);
            }
        }
        for (String sid : named) {
            if (!JdbcCredentialStore.keep(h, dialect, service.accountSid(), sid)) {
                return Optional.of(sid);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean delete(String accountSid, String sid) {
        return version.counting(() -> tx.write(h -> {
            int deleted = h.createUpdate("DELETE FROM services WHERE sid = :sid AND account_sid = :account")
                    .bind("sid", sid).bind("account", accountSid).execute();
            if (deleted > 0) { // Bindings and identity counts cascade; tag rows have no foreign key
                h.createUpdate("DELETE FROM binding_tags WHERE service_sid = :sid").bind("sid", sid).execute();
            }
            return deleted > 0;
        }));
    }

    @Override
    public Slice<Service> list(String accountSid, String friendlyName, PageRequest page) {
        String sql = "SELECT " + COLUMNS + " FROM services WHERE account_sid = :account"
                + (friendlyName != null ? " AND friendly_name = :name" : "")
                + Keyset.condition(page, "date_created", "sid")
                + Keyset.orderAndLimit(page, "date_created", "sid");
        return tx.read(h -> {
            Query query = h.createQuery(sql).bind("account", accountSid);
            if (friendlyName != null) {
                query.bind("name", friendlyName);
            }
            return Keyset.slice(Keyset.bind(query, page).map(JdbcServiceStore::map).list(), page);
        });
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder(column.length());
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Service map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Service(rs.getString("sid"), rs.getString("account_sid"), rs.getString("friendly_name"),
                rs.getString("apn_credential_sid"), rs.getString("gcm_credential_sid"),
                rs.getString("fcm_credential_sid"), rs.getString("messaging_service_sid"),
                rs.getString("facebook_messenger_page_id"), rs.getString("facebook_messenger_credential_sid"),
                rs.getString("default_apn_notification_protocol_version"),
                rs.getString("default_gcm_notification_protocol_version"),
                rs.getString("default_fcm_notification_protocol_version"),
                rs.getString("default_alexa_notification_protocol_version"), rs.getBoolean("log_enabled"),
                rs.getString("alexa_skill_id"), rs.getString("delivery_callback_url"),
                rs.getBoolean("delivery_callback_enabled"), rs.getLong("date_created"), rs.getLong("date_updated"));
    }
}
