package dev.herald.store.jdbc.transfer;

import static dev.herald.store.jdbc.transfer.ExportSource.bad;
import static dev.herald.store.jdbc.transfer.ExportSource.text;
import static dev.herald.store.jdbc.transfer.Tables.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.domain.BindingType;
import dev.herald.domain.Bindings;
import dev.herald.domain.CredentialType;
import dev.herald.store.jdbc.BindingRows;
import dev.herald.store.jdbc.SecretBox;
import dev.herald.store.jdbc.transfer.Transfers.Counts;
import dev.herald.store.jdbc.transfer.Transfers.ImportResult;
import dev.herald.store.jdbc.transfer.Transfers.Progress;
import java.util.ArrayList;
import java.util.HashMap;
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
    /** Accounts known to exist (in the input or the target). */
    private final Set<String> accounts = new HashSet<>();
    /** Account of each Credential and Service known to exist; null for those known not to. */
    private final Map<String, String> credentials = new HashMap<>();
    private final Map<String, String> services = new HashMap<>();
    /** Services that received at least one new Binding: their identity counts are recomputed. */
    private final Set<String> servicesWithNewBindings = new LinkedHashSet<>();

    private final SecretBox box;

    TransferImporter(Handle h, ExportSource source, Progress progress, SecretBox box) {
        this.h = h;
        this.source = source;
        this.progress = progress;
        this.box = box;
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
            check(t, row);
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

    /** Checks a row's values and references: every SID it names is in the input or the target. */
    private void check(int t, Row row) {
        long line = row.line();
        // Until the Binding lines, these hold the input's own rows only: a second one is a duplicate.
        boolean duplicate = switch (t) {
            case 0 -> accounts.contains(row.sid());
            case 1 -> credentials.containsKey(row.sid());
            case 2 -> services.containsKey(row.sid());
            default -> false;
        };
        if (duplicate) {
            throw bad(line, TABLES.get(t).type() + " " + row.sid() + " appears twice in the input");
        }
        switch (t) {
            case 0 -> {
                if (row.get("auth_token_sealed") != null) {
                    requireOpens(row, "auth_token_sealed", "the auth token of account " + row.sid()
                            + " does not open with this master key (was it sealed with another key, or altered?)");
                }
                accounts.add(row.sid());
            }
            case 1 -> {
                requireAccount(row, row.get("account_sid"));
                String type = row.get("type");
                if (CredentialType.fromWire(type).filter(k -> k.wire().equals(type)).isEmpty()) {
                    throw bad(line, "\"credential_type\" must be apn, fcm, gcm or facebook-messenger");
                }
                requireOpens(row, "secrets", "the secrets of Credential " + row.sid()
                        + " do not open with this master key (were they sealed with another key, or altered?)");
                credentials.put(row.sid(), row.get("account_sid"));
            }
            case 2 -> {
                String account = row.get("account_sid");
                requireAccount(row, account);
                for (String column : List.of("apn_credential_sid", "gcm_credential_sid", "fcm_credential_sid",
                        "facebook_messenger_credential_sid")) {
                    requireCredential(row, row.get(column), account);
                }
                services.put(row.sid(), account);
            }
            case 3 -> {
                String service = row.get("service_sid");
                String serviceAccount = services.computeIfAbsent(service, sid -> lookUp("services", sid));
                if (serviceAccount == null) {
                    throw bad(line, "Service " + service + " is neither in the input nor in the target");
                }
                if (!serviceAccount.equals(row.get("account_sid"))) {
                    throw bad(line, "Binding " + row.sid() + " names account " + row.get("account_sid")
                            + " but its Service belongs to " + serviceAccount);
                }
                requireCredential(row, row.get("credential_sid"), serviceAccount);
                String type = row.get("binding_type");
                if (BindingType.fromWire(type).filter(k -> k.wire().equals(type)).isEmpty()) {
                    throw bad(line, "\"binding_type\" must be one of apn, gcm, sms, fcm, facebook-messenger, alexa");
                }
                if (row.get("identity").isEmpty() || row.get("address").isEmpty()) {
                    throw bad(line, "\"identity\" and \"address\" must not be empty");
                }
            }
            case 4 -> {
                requireAccount(row, row.get("account_sid"));
                if (!row.get("secret_hash").matches("[0-9a-f]{64}")) {
                    throw bad(line, "\"secret_hash\" must be 64 lowercase hex digits (a SHA-256 hash)");
                }
            }
            default -> throw new IllegalStateException("table " + t);
        }
    }

    /** Refuses the row's line, saying {@code refusal}, when its sealed {@code column} does not open. */
    private void requireOpens(Row row, String column, String refusal) {
        try {
            box.open(row.get(column), row.sid());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw bad(row.line(), refusal);
        }
    }

    private void requireAccount(Row row, String account) {
        if (!accounts.contains(account)) {
            if (lookUp("accounts", account) == null) {
                throw bad(row.line(), "account " + account + " is neither in the input nor in the target");
            }
            accounts.add(account);
        }
    }

    private void requireCredential(Row row, String credential, String account) {
        if (credential == null) {
            return;
        }
        String owner = credentials.computeIfAbsent(credential, sid -> lookUp("credentials", sid));
        if (owner == null) {
            throw bad(row.line(), "Credential " + credential + " is neither in the input nor in the target");
        }
        if (!owner.equals(account)) {
            throw bad(row.line(), "Credential " + credential + " belongs to another account");
        }
    }

    /** The account a row of {@code table} belongs to (the SID itself for accounts), or null if none has it. */
    private String lookUp(String table, String sid) {
        String column = table.equals("accounts") ? "sid" : "account_sid";
        return h.createQuery("SELECT " + column + " FROM " + table + " WHERE sid = :sid").bind("sid", sid)
                .mapTo(String.class).findOne().orElse(null);
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
