package dev.herald.store.jdbc;

import dev.herald.domain.Binding;
import dev.herald.domain.BindingFilter;
import dev.herald.domain.BindingStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Service;
import dev.herald.domain.Slice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Bindings in {@code bindings}, their tag rows in {@code binding_tags}, counts per identity in {@code binding_identities}. */
final class JdbcBindingStore implements BindingStore {

    /** How long an insert keeps looking for a settled owner of its address before it gives up (500). */
    private static final long LOOK_NANOS = 15_000_000_000L;

    private final Transactor tx;
    private final Dialect dialect;
    private final BindingListQuery listQuery;

    JdbcBindingStore(Transactor tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        this.listQuery = new BindingListQuery(dialect);
    }

    /** Thrown inside an insert's transaction to roll it back and answer {@link #result} instead. */
    private static final class Refused extends RuntimeException {
        private final InsertResult result;

        Refused(InsertResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /**
     * The Service and the Credential are read first and kept ({@link Dialect#keepRow}): a delete of either under
     * way is waited for and answers {@code ServiceMissing} or {@code CredentialMissing}; one that comes later waits
     * for this insert (and deletes the Binding with its Service, or refuses to delete a Credential in use).
     * After them, one lock order keeps racing inserts free of deadlocks on every engine: first the address (by
     * locking the Binding that holds it with a no-op UPDATE, or by inserting the new Binding when none does), then
     * the identity counters in ascending identity order. An insert that finds the address taken by a row its
     * snapshot could not see simply looks again; it holds no other lock at that point but those on the Service and
     * the Credential, which only their deletes wait for.
     */
    @Override
    public InsertResult insert(Binding draft, int maxPerIdentity) {
        try {
            return tx.write(h -> {
                Optional<Service> found = JdbcServiceStore.find(h, draft.accountSid(), draft.serviceSid(),
                        dialect.keepRow());
                if (found.isEmpty()) {
                    return new InsertResult.ServiceMissing();
                }
                if (draft.credentialSid() != null
                        && !JdbcCredentialStore.keep(h, dialect, draft.accountSid(), draft.credentialSid())) {
                    return new InsertResult.CredentialMissing();
                }
                Binding binding = draft.notificationProtocolVersion() != null ? draft : draft
                        .withNotificationProtocolVersion(found.get().defaultProtocolVersion(draft.bindingType()));
                String tagsJson = BindingRows.tagsJson(binding.tags());
                String service = binding.serviceSid();
                String identity = binding.identity();
                Optional<Row> old;
                long deadline = System.nanoTime() + LOOK_NANOS;
                while (true) {
                    old = h.createQuery("UPDATE bindings SET date_updated = date_updated "
                                    + "WHERE service_sid = :service AND address = :address "
                                    + "RETURNING sid, identity, tags, date_created")
                            .bind("service", service).bind("address", binding.address())
                            .map(JdbcBindingStore::row).findOne();
                    if (old.isPresent() || insertRow(h, binding, tagsJson) == 1) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The address of Binding " + binding.sid() + " kept changing hands.");
                    }
                }
                String oldIdentity = old.map(Row::identity).orElse(null);
                if (!identity.equals(oldIdentity)) {
                    boolean oldFirst = oldIdentity != null && oldIdentity.compareTo(identity) < 0;
                    if (oldFirst) {
                        adjustIdentity(h, service, oldIdentity, -1);
                    }
                    if (adjustIdentity(h, service, identity, 1) > maxPerIdentity) {
                        throw new Refused(new InsertResult.IdentityFull(maxPerIdentity));
                    }
                    if (oldIdentity != null && !oldFirst) {
                        adjustIdentity(h, service, oldIdentity, -1);
                    }
                }
                if (old.isPresent()) {
                    h.createUpdate("DELETE FROM bindings WHERE sid = :sid").bind("sid", old.get().sid()).execute();
                    deleteTags(h, service, old.get());
                    insertRow(h, binding, tagsJson);
                }
                insertTags(h, binding);
                return new InsertResult.Inserted(binding);
            });
        } catch (Refused refused) {
            return refused.result;
        }
    }

    /** Inserts the Binding row unless its address is taken; returns 1 if inserted, 0 if not. */
    private static int insertRow(Handle h, Binding binding, String tagsJson) {
        return h.createUpdate("""
                        INSERT INTO bindings (sid, service_sid, account_sid, credential_sid, identity, binding_type,
                          address, tags, notification_protocol_version, endpoint, date_created, date_updated)
                        VALUES (:sid, :service, :account, :credential, :identity, :type, :address, :tags, :version,
                          :endpoint, :created, :updated)
                        ON CONFLICT (service_sid, address) DO NOTHING""")
                .bind("sid", binding.sid()).bind("service", binding.serviceSid())
                .bind("account", binding.accountSid()).bind("credential", binding.credentialSid())
                .bind("identity", binding.identity()).bind("type", binding.bindingType().wire())
                .bind("address", binding.address()).bind("tags", tagsJson)
                .bind("version", binding.notificationProtocolVersion()).bind("endpoint", binding.endpoint())
                .bind("created", binding.dateCreated()).bind("updated", binding.dateUpdated())
                .execute();
    }

    /**
     * Adds {@code delta} to the identity's Binding count and returns the new count. The upsert locks the
     * identity's row until commit, which serialises concurrent creates for one identity on any engine.
     */
    private static int adjustIdentity(Handle h, String serviceSid, String identity, int delta) {
        int count = h.createQuery("""
                        INSERT INTO binding_identities (service_sid, identity, bindings) VALUES (:service, :identity, :delta)
                        ON CONFLICT (service_sid, identity) DO UPDATE SET bindings = binding_identities.bindings + :delta
                        RETURNING bindings""")
                .bind("service", serviceSid).bind("identity", identity).bind("delta", delta)
                .mapTo(Integer.class).one();
        if (count <= 0) {
            h.createUpdate("DELETE FROM binding_identities WHERE service_sid = :service AND identity = :identity")
                    .bind("service", serviceSid).bind("identity", identity).execute();
        }
        return count;
    }


    /** What a write needs to know of a Binding it replaces or deletes. */
    private record Row(String sid, String identity, List<String> tags, long dateCreated) {
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(rs.getString("sid"), rs.getString("identity"), tags(rs), rs.getLong("date_created"));
    }

    /** Removes a Binding's tag rows by their primary key. */
    private static void deleteTags(Handle h, String serviceSid, Row row) {
        if (row.tags().isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("DELETE FROM binding_tags WHERE service_sid = :service AND tag = :tag "
                + "AND date_created = :created AND binding_sid = :sid");
        for (String tag : row.tags()) {
            batch.bind("service", serviceSid).bind("tag", tag).bind("created", row.dateCreated())
                    .bind("sid", row.sid()).add();
        }
        batch.execute();
    }

    private static void insertTags(Handle h, Binding binding) {
        if (binding.tags().isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO binding_tags (service_sid, tag, date_created, binding_sid, "
                + "tag_mask) VALUES (:service, :tag, :created, :sid, :mask)");
        BindingRows.addTagRows(batch, binding.serviceSid(), binding.dateCreated(), binding.sid(), binding.tags());
        batch.execute();
    }

    @Override
    public Optional<Binding> find(String accountSid, String serviceSid, String sid) {
        return tx.read(h -> h.createQuery("SELECT " + BindingRows.COLUMNS
                        + " FROM bindings b WHERE b.sid = :sid AND b.service_sid = :service AND b.account_sid = :account")
                .bind("sid", sid).bind("service", serviceSid).bind("account", accountSid)
                .map(BindingRows::map).findOne());
    }

    @Override
    public boolean delete(String accountSid, String serviceSid, String sid) {
        return tx.write(h -> deleteIn(h, serviceSid, sid, " AND account_sid = :account",
                q -> q.bind("account", accountSid)));
    }

    /**
     * Deletes a Binding whose address a provider declared dead at {@code invalidatedAt} (epoch seconds), inside
     * the caller's transaction, unless it was updated after that; answers whether it did.
     */
    static boolean deleteDead(Handle h, String serviceSid, String sid, long invalidatedAt) {
        return deleteIn(h, serviceSid, sid, " AND date_updated <= :invalidated",
                q -> q.bind("invalidated", invalidatedAt));
    }

    private static boolean deleteIn(Handle h, String serviceSid, String sid, String condition,
                                    Consumer<Query> binder) {
        var query = h.createQuery("DELETE FROM bindings WHERE sid = :sid AND service_sid = :service" + condition
                        + " RETURNING sid, identity, tags, date_created")
                .bind("sid", sid).bind("service", serviceSid);
        binder.accept(query);
        Optional<Row> deleted = query.map(JdbcBindingStore::row).findOne();
        deleted.ifPresent(row -> {
            deleteTags(h, serviceSid, row);
            adjustIdentity(h, serviceSid, row.identity(), -1);
        });
        return deleted.isPresent();
    }

    @Override
    public Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page) {
        return tx.read(h -> listQuery.run(h, accountSid, serviceSid, filter, page));
    }

    private static List<String> tags(ResultSet rs) throws SQLException {
        return BindingRows.tags(rs.getString("tags"), rs);
    }
}
