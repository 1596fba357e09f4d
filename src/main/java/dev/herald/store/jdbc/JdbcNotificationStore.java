package dev.herald.store.jdbc;

import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.IdempotencyKey;
import dev.herald.domain.Notification;
import dev.herald.domain.NotificationStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Slice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Notifications in {@code notifications}, their deliveries in {@code deliveries}. */
final class JdbcNotificationStore implements NotificationStore, AutoCloseable {
    private final Transactor tx;
    private final Dialect dialect;
    /** Where concurrent sends are stored together; null where the transactor's writer batches them (SQLite). */
    private final SendBatches sends;

    JdbcNotificationStore(Transactor tx, Dialect dialect, SendBatches sends) {
        this.tx = tx;
        this.dialect = dialect;
        this.sends = sends;
    }

    /**
     * Stores {@code n} with its Service kept ({@link Dialect#keepRow}) until the commit, so that the Service's delete
     * waits or is seen. A send to a query without a token is one statement ({@link Transactor#writeStatement}), on
     * PostgreSQL with the sends waiting with it ({@link SendBatches}; alone when that leaves it out). The
     * token's row is inserted first with {@code ON CONFLICT DO NOTHING}: of two inserts racing with one token, the
     * second waits for the first to commit (PostgreSQL, on the primary key) or for the writer (SQLite), then finds
     * its row.
     */
    @Override
    public InsertResult insert(Notification n, IdempotencyKey key) {
        if (key == null && !n.direct()) {
            if (sends != null && sends.insert(n)) {
                return new InsertResult.Inserted(n);
            }
            int stored = tx.writeStatement(h -> insertRow(h, n, NotificationRows.EXPANDING, 0)); // waits for a lock
            return stored == 1 ? new InsertResult.Inserted(n) : new InsertResult.ServiceMissing();
        }
        return tx.write(h -> {
            if (JdbcServiceStore.find(h, n.accountSid(), n.serviceSid(), dialect.keepRow()).isEmpty()) {
                return new InsertResult.ServiceMissing();
            }
            if (key != null) {
                InsertResult earlier = claimToken(h, n, key);
                if (earlier != null) {
                    return earlier;
                }
            }
            List<DirectTarget> direct = direct(n.toBindings());
            insertRow(h, n, n.direct() ? NotificationRows.SENDING : NotificationRows.EXPANDING, direct.size());
            insertDeliveries(h, n.sid(), direct, n.dateCreated());
            return new InsertResult.Inserted(n);
        });
    }

    /**
     * Inserts {@code n}'s row in {@code state} with {@code total} deliveries queued, if its Service is there, which
     * the statement keeps; answers 1, or 0 when the Service is not the account's.
     */
    private int insertRow(Handle h, Notification n, int state, int total) {
        return h.createUpdate(NotificationRows.INSERT + ":sid, account_sid, sid, :created, :priority, :ttl, :payload, "
                        + ":state, :total, :total FROM services WHERE sid = :service AND account_sid = :account"
                        + dialect.keepRow())
                .bind("sid", n.sid()).bind("account", n.accountSid()).bind("service", n.serviceSid())
                .bind("created", n.dateCreated()).bind("priority", NotificationRows.priority(n.priority()))
                .bind("ttl", n.ttl()).bind("payload", NotificationRows.payload(n)).bind("state", state)
                .bind("total", total).execute();
    }

    /**
     * Records {@code key} for {@code n}, or answers what an earlier use of it means: null when {@code n} may be
     * stored. A token a day old, or whose Notification was purged, is forgotten first.
     */
    private static InsertResult claimToken(Handle h, Notification n, IdempotencyKey key) {
        h.createUpdate("DELETE FROM idempotency_tokens WHERE service_sid = :service AND token = :token AND "
                        + "(date_created <= :expired OR NOT EXISTS (SELECT 1 FROM notifications "
                        + "WHERE sid = idempotency_tokens.notification_sid))")
                .bind("service", n.serviceSid()).bind("token", key.token())
                .bind("expired", n.dateCreated() - IdempotencyKey.LIFETIME_SECONDS).execute();
        int stored = h.createUpdate("INSERT INTO idempotency_tokens (service_sid, token, fingerprint, "
                        + "notification_sid, date_created) VALUES (:service, :token, :fingerprint, :sid, :created) "
                        + "ON CONFLICT DO NOTHING")
                .bind("service", n.serviceSid()).bind("token", key.token()).bind("fingerprint", key.fingerprint())
                .bind("sid", n.sid()).bind("created", n.dateCreated()).execute();
        if (stored == 1) {
            return null;
        }
        var earlier = h.createQuery("SELECT fingerprint, notification_sid FROM idempotency_tokens "
                        + "WHERE service_sid = :service AND token = :token")
                .bind("service", n.serviceSid()).bind("token", key.token())
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).one();
        if (!earlier[0].equals(key.fingerprint())) {
            return new InsertResult.TokenConflict();
        }
        return h.createQuery("SELECT " + NotificationRows.COLUMNS + " FROM notifications WHERE sid = :sid")
                .bind("sid", earlier[1]).map(NotificationRows::notification).findOne()
                .<InsertResult>map(InsertResult.Replayed::new).orElseGet(InsertResult.TokenConflict::new);
    }

    /** The direct targets, each address once (the first wins). */
    private static List<DirectTarget> direct(List<DirectTarget> targets) {
        Set<String> seen = new HashSet<>();
        List<DirectTarget> once = new ArrayList<>(targets.size());
        for (DirectTarget t : targets) {
            if (seen.add(t.address())) {
                once.add(t);
            }
        }
        return once;
    }

    /** Inserts the direct targets' deliveries (no Binding, identity, Credential or protocol version), due at once. */
    private static void insertDeliveries(Handle h, String notificationSid, List<DirectTarget> targets,
                                         long nowSeconds) {
        if (targets.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO deliveries (notification_sid, binding_type, address, "
                + "status, due, claimed, attempts, date_created, date_updated) VALUES (:n, :type, :address, 0, 0, 0, "
                + "0, :now, :now)");
        for (DirectTarget t : targets) {
            batch.bind("n", notificationSid).bind("type", t.bindingType().wire()).bind("address", t.address())
                    .bind("now", nowSeconds).add();
        }
        batch.execute();
    }

    @Override
    public Optional<SentNotification> find(String accountSid, String serviceSid, String sid) {
        return tx.read(h -> h.createQuery("SELECT " + NotificationRows.COLUMNS + " FROM notifications "
                        + "WHERE sid = :sid AND service_sid = :service AND account_sid = :account")
                .bind("sid", sid).bind("service", serviceSid).bind("account", accountSid)
                .map(NotificationRows::sent).findOne());
    }

    /**
     * Newest first: reading forward goes back in time ({@code (date_created, sid) <} the position), reading
     * backward forward in time, the rows then put back in list order.
     */
    @Override
    public Slice<SentNotification> list(String accountSid, String serviceSid, PageRequest page) {
        Position at = page.backward() ? page.before() : page.after();
        String sql = "SELECT " + NotificationRows.COLUMNS + " FROM notifications "
                + "WHERE service_sid = :service AND account_sid = :account"
                + (at == null ? "" : " AND (date_created, sid) " + (page.backward() ? ">" : "<") + " (:kc, :ks)")
                + (page.backward() ? " ORDER BY date_created, sid" : " ORDER BY date_created DESC, sid DESC")
                + " LIMIT :limit";
        return tx.read(h -> {
            var query = h.createQuery(sql).bind("service", serviceSid).bind("account", accountSid)
                    .bind("limit", page.size() + 1);
            if (at != null) {
                query.bind("kc", at.dateCreated()).bind("ks", at.sid());
            }
            return Keyset.slice(query.map(NotificationRows::sent).list(), page);
        });
    }

    @Override
    public Optional<Slice<Delivery>> deliveries(String accountSid, String serviceSid, String notificationSid,
                                                DeliveryStatus status, PageRequest page) {
        Position at = page.backward() ? page.before() : page.after();
        String sql = "SELECT " + NotificationRows.DELIVERY_COLUMNS + " FROM deliveries WHERE notification_sid = :n"
                + (status == null ? "" : " AND status = :status")
                + (at == null ? "" : " AND id " + (page.backward() ? "<" : ">") + " :id")
                + " ORDER BY notification_sid" + (page.backward() ? " DESC" : "") + ", id"
                + (page.backward() ? " DESC" : "") + " LIMIT :limit";
        return tx.read(h -> {
            boolean exists = h.createQuery("SELECT 1 FROM notifications WHERE sid = :sid AND service_sid = :service "
                            + "AND account_sid = :account")
                    .bind("sid", notificationSid).bind("service", serviceSid).bind("account", accountSid)
                    .mapTo(Integer.class).findOne().isPresent();
            if (!exists) {
                return Optional.empty();
            }
            var query = h.createQuery(sql).bind("n", notificationSid).bind("limit", page.size() + 1);
            if (status != null) {
                query.bind("status", NotificationRows.status(status));
            }
            if (at != null) {
                query.bind("id", Long.parseLong(at.sid()));
            }
            return Optional.of(Keyset.slice(query.map(NotificationRows::delivery).list(), page));
        });
    }

    /** Stores the sends waiting, then stops their writers. */
    @Override
    public void close() {
        if (sends != null) {
            sends.close();
        }
    }
}
