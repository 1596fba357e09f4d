package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.config.ConfigException;
import dev.herald.domain.Bindings;
import dev.herald.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;

/**
 * Moves every account, Credential, Service and Binding from one database to another as JSON Lines: a header line
 * ({@code "type":"herald-export"}), then one line per row, accounts first, then Credentials, Services and Bindings,
 * each table in SID order, so that every reference points at a row on an earlier line or already in the target.
 *
 * <p>An export reads one consistent snapshot, a page of rows at a time, and never holds a table in memory.
 * Credential secrets travel sealed, exactly as stored: they open only under the same master key, which the header
 * carries a sealed check value of. The {@code settings} table is not exported.
 *
 * <p>An import runs in one write transaction: either every line takes effect or none does. Rows whose SID the
 * target already has are left as they are and counted as already present, so an import can be run again. Bad
 * input fails the whole import with an {@link IllegalArgumentException} naming the line. Thread-safe.
 */
public final class Transfer {
    /** The format version this Herald writes and reads. */
    public static final int VERSION = 1;
    static final String HEADER_TYPE = "herald-export";
    static final String KEY_CHECK = "herald-export-key-check";
    static final int PAGE = 2000;
    static final int BATCH = 1000;
    static final int PROGRESS_EVERY = 256;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Rows of each table, in the order the tables are exported. */
    public record Counts(long accounts, long credentials, long services, long bindings) {
        static Counts of(long[] n) {
            return new Counts(n[0], n[1], n[2], n[3]);
        }

        long[] toArray() {
            return new long[] {accounts, credentials, services, bindings};
        }

        public long total() {
            return accounts + credentials + services + bindings;
        }

        /** {@code 2 accounts, 1 credential, 3 services, 10000 bindings}. */
        @Override
        public String toString() {
            return plural(accounts, "account") + ", " + plural(credentials, "credential") + ", "
                    + plural(services, "service") + ", " + plural(bindings, "binding");
        }

        private static String plural(long n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }

    /** What an import did: rows inserted, and rows skipped because the target already had their SID. */
    public record ImportResult(Counts imported, Counts present) {
    }

    /** Told how far a transfer is; called often, on the thread doing the work. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    enum Kind { TEXT, NUMBER, BOOLEAN, TAGS }

    /**
     * A column and its JSON field: the same name, but for a Credential's {@code type}, which is
     * {@code credential_type} on its line ({@code type} says what the line is). {@code prefix} marks a SID column.
     */
    record Column(String name, String field, Kind kind, boolean nullable, String prefix) {
        Column(String name, Kind kind, boolean nullable, String prefix) {
            this(name, name, kind, nullable, prefix);
        }
    }

    record Table(String type, String name, List<Column> columns) {
        String columnList() {
            return String.join(", ", columns.stream().map(Column::name).toList());
        }

        Set<String> fields() {
            Set<String> fields = new HashSet<>();
            fields.add("type");
            columns.forEach(c -> fields.add(c.field()));
            return fields;
        }
    }

    static Column sid(String name, String prefix) {
        return new Column(name, Kind.TEXT, false, prefix);
    }

    static Column optionalSid(String name, String prefix) {
        return new Column(name, Kind.TEXT, true, prefix);
    }

    static Column text(String name) {
        return new Column(name, Kind.TEXT, false, null);
    }

    static Column optional(String name) {
        return new Column(name, Kind.TEXT, true, null);
    }

    static Column number(String name) {
        return new Column(name, Kind.NUMBER, false, null);
    }

    static Column bool(String name) {
        return new Column(name, Kind.BOOLEAN, false, null);
    }

    static final Table ACCOUNTS = new Table("account", "accounts", List.of(
            sid("sid", "AC"), text("auth_token_hash"), number("date_created")));
    static final Table CREDENTIALS = new Table("credential", "credentials", List.of(
            sid("sid", "CR"), sid("account_sid", "AC"), optional("friendly_name"),
            new Column("type", "credential_type", Kind.TEXT, false, null), text("secrets"),
            number("date_created"), number("date_updated")));
    static final Table SERVICES = new Table("service", "services", List.of(
            sid("sid", "IS"), sid("account_sid", "AC"), optional("friendly_name"),
            optionalSid("apn_credential_sid", "CR"), optionalSid("gcm_credential_sid", "CR"),
            optionalSid("fcm_credential_sid", "CR"), optional("messaging_service_sid"),
            optional("facebook_messenger_page_id"), optional("default_apn_notification_protocol_version"),
            optional("default_gcm_notification_protocol_version"),
            optional("default_fcm_notification_protocol_version"),
            optional("default_alexa_notification_protocol_version"), bool("log_enabled"), optional("alexa_skill_id"),
            optional("delivery_callback_url"), bool("delivery_callback_enabled"), number("date_created"),
            number("date_updated")));
    static final Table BINDINGS = new Table("binding", "bindings", List.of(
            sid("sid", "BS"), sid("service_sid", "IS"), sid("account_sid", "AC"), optionalSid("credential_sid", "CR"),
            text("identity"), text("binding_type"), text("address"), new Column("tags", Kind.TAGS, false, null),
            optional("notification_protocol_version"), optional("endpoint"), number("date_created"),
            number("date_updated")));
    static final List<Table> TABLES = List.of(ACCOUNTS, CREDENTIALS, SERVICES, BINDINGS);

    private final Transactor tx;
    private final Dialect dialect;
    private final SecretBox box;

    Transfer(Transactor tx, Dialect dialect, SecretBox box) {
        this.tx = tx;
        this.dialect = dialect;
        this.box = box;
    }

    /** How many rows each table has now. */
    public Counts counts() {
        return tx.read(Transfer::count);
    }

    static Counts count(Handle h) {
        long[] n = new long[TABLES.size()];
        for (int t = 0; t < n.length; t++) {
            n[t] = h.createQuery("SELECT COUNT(*) FROM " + TABLES.get(t).name()).mapTo(Long.class).one();
        }
        return Counts.of(n);
    }

    // ---------------------------------------------------------------- export

    /**
     * Writes the header and every row to {@code out} (UTF-8 JSON Lines), reading one snapshot of the database
     * {@value #PAGE} rows at a time, and returns how many rows of each table it wrote. Flushes but does not close
     * {@code out}.
     */
    public Counts export(OutputStream out, Progress progress) {
        return tx.read(h -> {
            h.begin();
            try {
                if (dialect == Dialect.POSTGRES) {
                    h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                Counts total = count(h); // the first read fixes the snapshot on SQLite too
                JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)
                        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.setRootValueSeparator(null);
                writeHeader(json, total);
                long[] written = new long[TABLES.size()];
                long done = 0;
                for (int t = 0; t < TABLES.size(); t++) {
                    Table table = TABLES.get(t);
                    String sql = "SELECT " + table.columnList() + " FROM " + table.name()
                            + " WHERE sid > :after ORDER BY sid LIMIT " + PAGE;
                    String after = "";
                    while (true) {
                        List<String> page = h.createQuery(sql).bind("after", after)
                                .map((rs, ctx) -> writeRow(json, table, rs)).list();
                        written[t] += page.size();
                        done += page.size();
                        progress.update(done, total.total());
                        if (page.size() < PAGE) {
                            break;
                        }
                        after = page.get(page.size() - 1);
                    }
                }
                json.flush();
                return Counts.of(written);
            } catch (IOException e) {
                throw new UncheckedIOException("The export could not be written: " + e.getMessage(), e);
            } finally {
                h.rollback();
            }
        });
    }

    private void writeHeader(JsonGenerator out, Counts total) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", HEADER_TYPE);
        out.writeNumberField("version", VERSION);
        out.writeStringField("dialect", dialect.name().toLowerCase(Locale.ROOT));
        out.writeStringField("exported_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        out.writeStringField("key_check", box.seal(KEY_CHECK, KEY_CHECK));
        out.writeObjectFieldStart("counts");
        long[] n = total.toArray();
        for (int t = 0; t < TABLES.size(); t++) {
            out.writeNumberField(TABLES.get(t).name(), n[t]);
        }
        out.writeEndObject();
        out.writeEndObject();
        out.writeRaw('\n');
    }

    /** Writes one row as a line and returns its SID. */
    static String writeRow(JsonGenerator out, Table table, ResultSet rs) throws SQLException {
        try {
            out.writeStartObject();
            out.writeStringField("type", table.type());
            for (Column c : table.columns()) {
                out.writeFieldName(c.field());
                switch (c.kind()) {
                    case TEXT -> {
                        String value = rs.getString(c.name());
                        if (value == null) {
                            out.writeNull();
                        } else {
                            out.writeString(value);
                        }
                    }
                    case NUMBER -> out.writeNumber(rs.getLong(c.name()));
                    case BOOLEAN -> out.writeBoolean(rs.getBoolean(c.name()));
                    case TAGS -> {
                        JsonNode tags;
                        try {
                            tags = JSON.readTree(rs.getString(c.name()));
                        } catch (JsonProcessingException e) {
                            throw new SQLException("Binding " + rs.getString("sid") + " has unreadable tags.", e);
                        }
                        out.writeTree(tags);
                    }
                    default -> throw new IllegalStateException(c.kind().name());
                }
            }
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("The export could not be written: " + e.getMessage(), e);
        }
        return rs.getString("sid");
    }

    // ---------------------------------------------------------------- import

    /**
     * Reads the rest of {@code source} into this database in one transaction: everything or, when any line is
     * bad or conflicts with the target, nothing. Rows whose SID is already there are skipped and counted as
     * present.
     */
    public ImportResult importFrom(ExportSource source, Progress progress) {
        if (source.announced().credentials() > 0) {
            source.checkKey(box);
        }
        AtomicBoolean started = new AtomicBoolean();
        return tx.write(h -> {
            if (!started.compareAndSet(false, true)) { // the input is a stream: a retried transaction cannot reread it
                throw new StoreException("A concurrent write made the database roll the import back; nothing was "
                        + "imported. Run it again.", null);
            }
            try {
                return new TransferImporter(h, source, progress, box).run();
            } catch (IllegalArgumentException | ConfigException | StoreException | UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                // No SQLException in the cause chain: the transactor must not retry what cannot be reread.
                StoreException failure = new StoreException("The import failed and was rolled back; nothing was "
                        + "imported: " + StoreException.rootMessage(e), null);
                failure.addSuppressed(e);
                throw failure;
            }
        });
    }

    /** One parsed line. */
    record Row(long line, Map<String, Object> values, List<String> tags) {
        String sid() {
            return (String) values.get("sid");
        }

        String get(String column) {
            return (String) values.get(column);
        }
    }
}
