package dev.herald.store.jdbc;

import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Fills the {@link TagMask} of tag rows written before masks existed (migration V3), a batch of Bindings per
 * transaction, in the order of {@code bindings_by_service} so that each tag's rows are updated front to back.
 * The {@code tag_mask_fill} setting records where the last committed batch ended, so an interrupted fill goes
 * on from there; it is deleted when every Binding is done. Safe while Herald serves, on any number of nodes:
 * a Binding's tags never change, so every writer of a mask writes the same value, and rows written since V3
 * already carry theirs.
 */
final class TagMaskFill {
    /** Bindings per transaction: small enough to keep each commit short on a live database. */
    static final int BATCH = 2_000;
    private static final String SETTING = "tag_mask_fill";

    private record Binding(String service, long created, String sid, List<String> tags) {
    }

    private TagMaskFill() {
    }

    /** Whether rows may still lack their mask. */
    static boolean pending(Transactor tx) {
        return tx.read(h -> position(h).isPresent());
    }

    /**
     * Fills every missing mask, {@code batchSize} Bindings a transaction; {@code progress} receives the number of
     * Bindings done so far after each batch. Returns how many Bindings this call went through (0 when nothing
     * was pending). A node still on a version before V3 writes its tag rows with {@link TagMask#UNKNOWN}, which
     * a fill that has passed them leaves so: lists stay exact, those rows are only not skipped.
     */
    static long run(Transactor tx, int batchSize, LongConsumer progress) {
        long done = 0;
        while (true) {
            int batch = tx.write(h -> batch(h, batchSize));
            if (batch < 0) {
                return done;
            }
            done += batch;
            progress.accept(done);
        }
    }

    private static Optional<String> position(Handle h) {
        return h.createQuery("SELECT value FROM settings WHERE name = '" + SETTING + "'")
                .mapTo(String.class).findOne();
    }

    /** Fills one batch; returns its size, or -1 (and forgets the position) when nothing is left. */
    private static int batch(Handle h, int size) {
        Optional<String> position = position(h);
        if (position.isEmpty()) {
            return -1;
        }
        String[] after = position.get().isEmpty() ? null : position.get().split(" ", 3);
        Query query = h.createQuery("SELECT service_sid, date_created, sid, tags FROM bindings"
                + (after == null ? "" : " WHERE (service_sid, date_created, sid) > (:service, :created, :sid)")
                + " ORDER BY service_sid, date_created, sid LIMIT " + size);
        if (after != null) {
            query.bind("service", after[0]).bind("created", Long.parseLong(after[1])).bind("sid", after[2]);
        }
        List<Binding> bindings = query.map((rs, ctx) -> new Binding(rs.getString(1), rs.getLong(2), rs.getString(3),
                        BindingRows.tags(rs.getString(4), rs)))
                .list();
        if (bindings.isEmpty()) {
            h.createUpdate("DELETE FROM settings WHERE name = '" + SETTING + "'").execute();
            return -1;
        }
        PreparedBatch update = h.prepareBatch("UPDATE binding_tags SET tag_mask = :mask WHERE service_sid = :service "
                + "AND tag = :tag AND date_created = :created AND binding_sid = :sid "
                + "AND tag_mask = " + TagMask.UNKNOWN);
        int rows = 0;
        for (Binding b : bindings) {
            rows += BindingRows.addTagRows(update, b.service(), b.created(), b.sid(), b.tags());
        }
        if (rows > 0) {
            update.execute();
        }
        Binding last = bindings.get(bindings.size() - 1);
        h.createUpdate("UPDATE settings SET value = :value WHERE name = '" + SETTING + "'")
                .bind("value", last.service() + " " + last.created() + " " + last.sid()).execute();
        return bindings.size();
    }
}
