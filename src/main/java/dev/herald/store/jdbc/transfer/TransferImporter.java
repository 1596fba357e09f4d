package dev.herald.store.jdbc.transfer;

import static dev.herald.store.jdbc.transfer.ExportSource.bad;
import static dev.herald.store.jdbc.transfer.ExportSource.text;
import static dev.herald.store.jdbc.transfer.Tables.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.domain.Bindings;
import dev.herald.store.jdbc.BindingRows;
import dev.herald.store.jdbc.SecretBox;
import dev.herald.store.jdbc.transfer.Transfers.Counts;
import dev.herald.store.jdbc.transfer.Transfers.ImportResult;
import dev.herald.store.jdbc.transfer.Transfers.Progress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The work of one {@link Transfers#importFrom} inside its transaction: checks and batched inserts. Not thread-safe. */
final class TransferImporter {
    private final Handle h;
    private final ExportSource source;
    private final Progress progress;
    private final long[] seen = new long[TABLES.size()];
    private final long[] inserted = new long[TABLES.size()];
    private final long[] present = new long[TABLES.size()];
    private final List<Row> pending = new ArrayList<>();
    private int section;
    /** Services that received at least one new Binding: their identity counts are recomputed. */
    private final Set<String> servicesWithNewBindings = new LinkedHashSet<>();
    private final RowChecks checks;

    TransferImporter(Handle h, ExportSource source, Progress progress, SecretBox box) {
        this.h = h;
        this.source = source;
        this.progress = progress;
        this.checks = new RowChecks(h, box);
    }

    ImportResult run() {
        long total = source.announced().total();
        long done = 0;
        for (JsonNode node = source.next(); node != null; node = source.next()) {
            long line = source.line;
            String type = text(node.get("type"));
            int t = Tables.indexOf(type);
            if (t < 0) {
                throw bad(line, type == null ? "the line has no \"type\"" : "unknown type \"" + type + "\"");
            }
            if (t < section) {
                throw bad(line, type + " lines must come before " + TABLES.get(section).type() + " lines (the "
                        + "order is account, credential, service, binding, key)");
            }
            if (t > section) {
                flush();
                section = t;
            }
            Row row = Tables.parseRow(TABLES.get(t), node, line);
            checks.check(t, row);
            pending.add(row);
            seen[t]++;
            if (pending.size() >= BATCH) {
                flush();
            }
            if (++done % PROGRESS_EVERY == 0) {
                progress.update(done, total);
            }
        }
        flush();
        progress.update(done, total);
        Counts found = Counts.of(seen);
        if (!found.equals(source.announced())) {
            throw new IllegalArgumentException("The input holds " + found + " but its header announces "
                    + source.announced() + ": the export is incomplete or was altered; nothing was imported.");
        }
        for (String service : servicesWithNewBindings) {
            recountIdentities(service);
        }
        return new ImportResult(Counts.of(inserted), Counts.of(present));
    }

    /** Inserts the pending rows of the current table, skipping SIDs the target already has. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Table table = TABLES.get(section);
        Map<String, Row> bySid = new LinkedHashMap<>();
        for (Row row : pending) {
            if (bySid.put(row.sid(), row) != null) {
                throw bad(row.line(), table.type() + " " + row.sid() + " appears twice in the input");
            }
        }
        Set<String> existing = new HashSet<>(h.createQuery("SELECT sid FROM " + table.name()
                        + " WHERE sid IN (<sids>)")
                .bindList("sids", new ArrayList<>(bySid.keySet())).mapTo(String.class).list());
        List<Row> fresh = pending.stream().filter(r -> !existing.contains(r.sid())).toList();
        if (!fresh.isEmpty()) {
            insert(table, fresh);
            if (table == BINDINGS) {
                fresh.forEach(r -> servicesWithNewBindings.add(r.get("service_sid")));
                insertTags(fresh);
            }
        }
        inserted[section] += fresh.size();
        present[section] += pending.size() - fresh.size();
        pending.clear();
    }

    /**
     * Inserts rows none of whose SIDs exist. ON CONFLICT DO NOTHING keeps a conflict on another unique key (a
     * Binding's address) from aborting the transaction before it is diagnosed.
     */
    private void insert(Table table, List<Row> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.name()).append(" (")
                .append(table.columnList()).append(") VALUES (");
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? ":" : ", :").append(table.columns().get(i).name());
        }
        sql.append(") ON CONFLICT DO NOTHING");
        PreparedBatch batch = h.prepareBatch(sql.toString());
        for (Row row : rows) {
            for (Column c : table.columns()) {
                Object value = row.values().get(c.name());
                switch (c.kind()) {
                    case TEXT, TAGS -> batch.bind(c.name(), (String) value);
                    case NUMBER -> batch.bind(c.name(), (Long) value);
                    case BOOLEAN -> batch.bind(c.name(), (Boolean) value);
                    default -> throw new IllegalStateException(c.kind().name());
                }
            }
            batch.add();
        }
        int[] counts = batch.execute();
        boolean all = counts.length == rows.size();
        for (int count : counts) {
            all &= count == 1;
        }
        if (!all) { // some row did not go in, or the driver does not say (SUCCESS_NO_INFO): find out which
            Set<String> in = new HashSet<>(h.createQuery("SELECT sid FROM " + table.name()
                            + " WHERE sid IN (<sids>)")
                    .bindList("sids", rows.stream().map(Row::sid).toList()).mapTo(String.class).list());
            for (Row row : rows) {
                if (!in.contains(row.sid())) {
                    throw conflict(table, row);
                }
            }
        }
    }

    private IllegalArgumentException conflict(Table table, Row row) {
        if (table == BINDINGS) {
            Optional<String> holder = h.createQuery("SELECT sid FROM bindings WHERE service_sid = :service "
                            + "AND address = :address")
                    .bind("service", row.get("service_sid")).bind("address", row.get("address"))
                    .mapTo(String.class).findOne();
            if (holder.isPresent()) {
                return bad(row.line(), "Binding " + row.sid() + " has the address of Binding " + holder.get()
                        + " of Service " + row.get("service_sid") + " (in the target or earlier in the input), "
                        + "and an address belongs to one Binding only");
            }
        }
        return bad(row.line(), "the " + table.type() + " " + row.sid() + " could not be inserted");
    }

    private void insertTags(List<Row> rows) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO binding_tags (service_sid, tag, date_created, binding_sid, "
                + "tag_mask) VALUES (:service, :tag, :created, :sid, :mask) ON CONFLICT DO NOTHING");
        int added = 0;
        for (Row row : rows) {
            added += BindingRows.addTagRows(batch, row.get("service_sid"), (Long) row.values().get("date_created"),
                    row.sid(), row.tags());
        }
        if (added > 0) {
            batch.execute();
        }
    }

    /** Sets a Service's per-Identity counts from its Bindings, and keeps the Identity limit. */
    private void recountIdentities(String service) {
        h.createUpdate("""
                        INSERT INTO binding_identities (service_sid, identity, bindings)
                        SELECT service_sid, identity, COUNT(*) FROM bindings WHERE service_sid = :service
                        GROUP BY service_sid, identity
                        ON CONFLICT (service_sid, identity) DO UPDATE SET bindings = excluded.bindings""")
                .bind("service", service).execute();
        boolean over = h.createQuery("SELECT 1 FROM binding_identities WHERE service_sid = :service "
                        + "AND bindings > :max")
                .bind("service", service).bind("max", Bindings.MAX_PER_IDENTITY)
                .mapTo(Integer.class).findFirst().isPresent();
        if (over) {
            throw new IllegalArgumentException("Service " + service + " would have more than "
                    + Bindings.MAX_PER_IDENTITY + " Bindings for one Identity; nothing was imported.");
        }
    }
}
