package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.domain.Binding;
import dev.herald.domain.BindingType;
import dev.herald.domain.Service;
import dev.herald.store.BindingFilter;
import dev.herald.store.BindingStore;
import dev.herald.store.PageRequest;
import dev.herald.store.Slice;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcBindingStore implements BindingStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "b.sid, b.service_sid, b.account_sid, b.credential_sid, b.identity, "
            + "b.binding_type, b.address, b.tags, b.notification_protocol_version, b.endpoint, b.date_created, "
            + "b.date_updated";

    /** How long a create keeps looking for a settled owner of its address before it gives up (500). */
    private static final long LOOK_NANOS = 15_000_000_000L;

    private final Transactor tx;
    private final Dialect dialect;
    private final TagSparsity sparsity = new TagSparsity();

    JdbcBindingStore(Transactor tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /** Thrown inside a create's transaction to roll it back when the identity is full. */
    private static final class IdentityFull extends RuntimeException {
        IdentityFull() {
            super(null, null, false, false);
        }
    }

    /**
     * One lock order keeps racing creates free of deadlocks on every engine: first the address (by locking the
     * Binding that holds it with a no-op UPDATE, or by inserting the new Binding when none does), then the
     * identity counters in ascending identity order. A create that finds the address taken by a row its snapshot
     * could not see simply looks again; it holds no other lock at that point.
     */
    @Override
    public CreateResult create(String accountSid, String serviceSid, Function<Service, Binding> build,
                               int maxPerIdentity) {
        try {
            return tx.write(h -> {
                Optional<Service> found = JdbcServiceStore.find(h, accountSid, serviceSid);
                if (found.isEmpty()) {
                    return new CreateResult.ServiceNotFound();
                }
                Binding binding = build.apply(found.get());
                String tagsJson = json(binding.tags());
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
                    if (old.isPresent() || insert(h, binding, tagsJson) == 1) {
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
                        throw new IdentityFull();
                    }
                    if (oldIdentity != null && !oldFirst) {
                        adjustIdentity(h, service, oldIdentity, -1);
                    }
                }
                if (old.isPresent()) {
                    h.createUpdate("DELETE FROM bindings WHERE sid = :sid").bind("sid", old.get().sid()).execute();
                    deleteTags(h, service, old.get());
                    insert(h, binding, tagsJson);
                }
                insertTags(h, binding);
                return new CreateResult.Created(binding, old.map(Row::sid).orElse(null));
            });
        } catch (IdentityFull full) {
            return new CreateResult.IdentityFull(maxPerIdentity);
        }
    }

    /** Inserts the Binding row unless its address is taken; returns 1 if inserted, 0 if not. */
    private static int insert(Handle h, Binding binding, String tagsJson) {
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
        addTagRows(batch, binding.serviceSid(), binding.dateCreated(), binding.sid(), binding.tags());
        batch.execute();
    }

    /**
     * Adds to {@code batch} one set of the parameters {@code :service, :tag, :created, :sid, :mask} per tag of a
     * Binding, each with the {@link TagMask} of the whole set (what every tag row of a Binding carries); returns
     * how many it added.
     */
    static int addTagRows(PreparedBatch batch, String serviceSid, long dateCreated, String sid, List<String> tags) {
        long mask = TagMask.of(tags);
        for (String tag : tags) {
            batch.bind("service", serviceSid).bind("tag", tag).bind("created", dateCreated).bind("sid", sid)
                    .bind("mask", mask).add();
        }
        return tags.size();
    }

    @Override
    public Optional<Binding> find(String accountSid, String serviceSid, String sid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM bindings b WHERE b.sid = :sid AND b.service_sid = :service AND b.account_sid = :account")
                .bind("sid", sid).bind("service", serviceSid).bind("account", accountSid)
                .map(JdbcBindingStore::map).findOne());
    }

    @Override
    public boolean delete(String accountSid, String serviceSid, String sid) {
        return tx.write(h -> {
            Optional<Row> deleted = h.createQuery("DELETE FROM bindings WHERE sid = :sid AND service_sid = :service "
                            + "AND account_sid = :account RETURNING sid, identity, tags, date_created")
                    .bind("sid", sid).bind("service", serviceSid).bind("account", accountSid)
                    .map(JdbcBindingStore::row).findOne();
            deleted.ifPresent(row -> {
                deleteTags(h, serviceSid, row);
                adjustIdentity(h, serviceSid, row.identity(), -1);
            });
            return deleted.isPresent();
        });
    }

    /**
     * Pages through the cheapest index: by identity when identities are given (at most 20 Bindings each), else by
     * the sparsest explicit tag ({@code binding_tags} carries the sort key; with several tags {@link TagSparsity}
     * picks it), else by type for an implicit type tag, else through the Service's Bindings in order. The
     * driving tag's rows whose {@link TagMask} lacks a bit of the other tags are skipped in the index; the other
     * tags are then primary-key lookups per row (which PostgreSQL may turn into a merge of two tags of like
     * density). Implicit type tags match the Binding's type only.
     */
    @Override
    public Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page) {
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (String tag : new LinkedHashSet<>(filter.tags())) {
            if (tag.equals("all")) {
                continue;
            }
            (isTypeName(tag) ? implicit : explicit).add(tag);
        }
        if (implicit.size() > 1) {
            return new Slice<>(List.of(), false); // a Binding has one type
        }
        return tx.read(h -> {
            boolean byTag = !explicit.isEmpty() && filter.identities().isEmpty();
            List<Ranked> tags = byTag ? sparsestFirst(h, serviceSid, explicit)
                    : explicit.stream().map(tag -> new Ranked(tag, null)).toList();
            StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS);
            String created = byTag ? "t0.date_created" : "b.date_created";
            String sid = byTag ? "t0.binding_sid" : "b.sid";
            if (byTag) {
                sql.append(" FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid"
                        + " WHERE t0.service_sid = :service AND t0.tag = :tag0");
                if (tags.size() > 1) {
                    sql.append(" AND (t0.tag_mask & :mask) = :mask"); // in the index: skips most non-matches
                }
            } else {
                sql.append(" FROM bindings b WHERE b.service_sid = :service");
            }
            for (int i = byTag ? 1 : 0; i < tags.size(); i++) {
                String t = "t" + i;
                sql.append(" AND EXISTS (SELECT 1 FROM binding_tags ").append(t).append(" WHERE ").append(t)
                        .append(".service_sid = :service AND ").append(t).append(".tag = :tag").append(i).append(" AND ")
                        .append(t).append(".date_created = ").append(created).append(" AND ").append(t)
                        .append(".binding_sid = ").append(sid);
                // Few candidate rows: one primary-key probe each. Two tags of like density: PostgreSQL may merge
                // both ranges instead, cheaper than a probe a row.
                boolean probe = !byTag || tags.get(0).estimate().farSparserThan(tags.get(i).estimate());
                sql.append(probe ? dialect.perRowExists() : ")");
            }
            if (!implicit.isEmpty()) {
                sql.append(" AND b.binding_type = :type");
            }
            sql.append(" AND b.account_sid = :account");
            if (!filter.identities().isEmpty()) {
                sql.append(" AND b.identity IN (<identities>)");
            }
            if (filter.createdFrom() != null) {
                sql.append(" AND ").append(created).append(" >= :from");
            }
            if (filter.createdBefore() != null) {
                sql.append(" AND ").append(created).append(" < :before");
            }
            sql.append(Keyset.condition(page, created, sid)).append(Keyset.orderAndLimit(page, created, sid));
            Query query = h.createQuery(sql.toString()).bind("service", serviceSid).bind("account", accountSid);
            for (int i = 0; i < tags.size(); i++) {
                query.bind("tag" + i, tags.get(i).tag());
            }
            if (byTag && tags.size() > 1) {
                query.bind("mask", TagMask.of(tags.subList(1, tags.size()).stream().map(Ranked::tag).toList()));
            }
            if (!implicit.isEmpty()) {
                query.bind("type", implicit.get(0));
            }
            if (!filter.identities().isEmpty()) {
                query.bindList("identities", filter.identities());
            }
            if (filter.createdFrom() != null) {
                query.bind("from", filter.createdFrom());
            }
            if (filter.createdBefore() != null) {
                query.bind("before", filter.createdBefore());
            }
            return Keyset.slice(Keyset.bind(query, page).map(JdbcBindingStore::map).list(), page);
        });
    }

    /** A tag filter and what {@link TagSparsity} knows of it (null when not needed). */
    private record Ranked(String tag, TagSparsity.Estimate estimate) {
    }

    /** The tags, the sparsest first (by {@link TagSparsity}'s estimates when there are several). */
    private List<Ranked> sparsestFirst(Handle h, String serviceSid, List<String> tags) {
        List<Ranked> ranked = new ArrayList<>();
        for (String tag : tags) {
            ranked.add(new Ranked(tag, tags.size() == 1 ? null : sparsity.estimate(h, serviceSid, tag)));
        }
        if (tags.size() > 1) {
            ranked.sort(Comparator.comparingLong((Ranked r) -> r.estimate().score()).reversed());
        }
        return ranked;
    }

    private static boolean isTypeName(String tag) {
        return !tag.equals("alexa") && BindingType.fromWire(tag).filter(t -> t.wire().equals(tag)).isPresent();
    }

    private static List<String> tags(ResultSet rs) throws SQLException {
        return tags(rs.getString("tags"), rs);
    }

    /** Reads the {@code tags} column, a JSON array of strings, with a streaming parser (a page reads 50). */
    static List<String> tags(String json, ResultSet rs) throws SQLException {
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(parser, "not an array");
            }
            List<String> tags = new ArrayList<>();
            String tag;
            while ((tag = parser.nextTextValue()) != null) {
                tags.add(tag);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new JsonParseException(parser, "not an array of strings");
            }
            return tags;
        } catch (IOException e) {
            throw new SQLException("Binding " + rs.getString("sid") + " has unreadable tags.", e);
        }
    }

    /** Maps a row of {@link #COLUMNS}, by position. */
    private static Binding map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Binding(rs.getString(1), rs.getString(3), rs.getString(2), rs.getString(4), rs.getString(5),
                BindingType.fromWire(rs.getString(6)).orElseThrow(), rs.getString(7), tags(rs.getString(8), rs),
                rs.getString(9), rs.getString(10), rs.getLong(11), rs.getLong(12));
    }

    private static String json(List<String> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Tags could not be serialised.", e);
        }
    }
}
