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
import dev.herald.domain.BindingType;
import dev.herald.domain.Bindings;
import dev.herald.domain.CredentialType;
import dev.herald.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

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
    private static final String KEY_CHECK = "herald-export-key-check";
    private static final int PAGE = 2000;
    private static final int BATCH = 1000;
    private static final int PROGRESS_EVERY = 256;
    private static final ObjectMapper JSON = JsonMapper.builder()
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

    private enum Kind { TEXT, NUMBER, BOOLEAN, TAGS }

    /**
     * A column and its JSON field: the same name, but for a Credential's {@code type}, which is
     * {@code credential_type} on its line ({@code type} says what the line is). {@code prefix} marks a SID column.
     */
    private record Column(String name, String field, Kind kind, boolean nullable, String prefix) {
        Column(String name, Kind kind, boolean nullable, String prefix) {
            this(name, name, kind, nullable, prefix);
        }
    }

    private record Table(String type, String name, List<Column> columns) {
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

    private static Column sid(String name, String prefix) {
        return new Column(name, Kind.TEXT, false, prefix);
    }

    private static Column optionalSid(String name, String prefix) {
        return new Column(name, Kind.TEXT, true, prefix);
    }

    private static Column text(String name) {
        return new Column(name, Kind.TEXT, false, null);
    }

    private static Column optional(String name) {
        return new Column(name, Kind.TEXT, true, null);
    }

    private static Column number(String name) {
        return new Column(name, Kind.NUMBER, false, null);
    }

    private static Column bool(String name) {
        return new Column(name, Kind.BOOLEAN, false, null);
    }

    private static final Table ACCOUNTS = new Table("account", "accounts", List.of(
            sid("sid", "AC"), text("auth_token_hash"), number("date_created")));
    private static final Table CREDENTIALS = new Table("credential", "credentials", List.of(
            sid("sid", "CR"), sid("account_sid", "AC"), optional("friendly_name"),
            new Column("type", "credential_type", Kind.TEXT, false, null), text("secrets"),
            number("date_created"), number("date_updated")));
    private static final Table SERVICES = new Table("service", "services", List.of(
            sid("sid", "IS"), sid("account_sid", "AC"), optional("friendly_name"),
            optionalSid("apn_credential_sid", "CR"), optionalSid("gcm_credential_sid", "CR"),
            optionalSid("fcm_credential_sid", "CR"), optional("messaging_service_sid"),
            optional("facebook_messenger_page_id"), optional("default_apn_notification_protocol_version"),
            optional("default_gcm_notification_protocol_version"),
            optional("default_fcm_notification_protocol_version"),
            optional("default_alexa_notification_protocol_version"), bool("log_enabled"), optional("alexa_skill_id"),
            optional("delivery_callback_url"), bool("delivery_callback_enabled"), number("date_created"),
            number("date_updated")));
    private static final Table BINDINGS = new Table("binding", "bindings", List.of(
            sid("sid", "BS"), sid("service_sid", "IS"), sid("account_sid", "AC"), optionalSid("credential_sid", "CR"),
            text("identity"), text("binding_type"), text("address"), new Column("tags", Kind.TAGS, false, null),
            optional("notification_protocol_version"), optional("endpoint"), number("date_created"),
            number("date_updated")));
    private static final List<Table> TABLES = List.of(ACCOUNTS, CREDENTIALS, SERVICES, BINDINGS);

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

    private static Counts count(Handle h) {
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
    private static String writeRow(JsonGenerator out, Table table, ResultSet rs) throws SQLException {
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

    /** The lines of an input stream as UTF-8 bytes, without their terminators ({@code \n} or {@code \r\n}). */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int end;
        private byte[] line = new byte[1024];
        private int length;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Reads the next line into {@link #line}/{@link #length}; false at the end of the input. */
        boolean next() {
            length = 0;
            boolean any = false;
            try {
                while (true) {
                    if (pos == end) {
                        end = in.read(buffer);
                        pos = 0;
                        if (end <= 0) {
                            end = 0;
                            return any;
                        }
                    }
                    any = true;
                    int start = pos;
                    while (pos < end && buffer[pos] != '\n') {
                        pos++;
                    }
                    append(start, pos);
                    if (pos < end) {
                        pos++; // the newline
                        if (length > 0 && line[length - 1] == '\r') {
                            length--;
                        }
                        return true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("The input could not be read: " + e.getMessage(), e);
            }
        }

        private void append(int from, int to) {
            int n = to - from;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buffer, from, line, length, n);
            length += n;
        }
    }

    /**
     * An export being read: its header (line 1) is read and checked by {@link #read}, the rest by
     * {@link #importFrom}.
     */
    public static final class Source {
        private final Lines lines;
        private final Counts announced;
        private final String keyCheck;
        private long line = 1;

        private Source(Lines lines, Counts announced, String keyCheck) {
            this.lines = lines;
            this.announced = announced;
            this.keyCheck = keyCheck;
        }

        /** The row counts the header announces; the import fails unless the input holds exactly these. */
        public Counts announced() {
            return announced;
        }

        /**
         * Fails with a {@link ConfigException} unless {@code key} is the master key the export's Credential
         * secrets are sealed with.
         */
        public void checkKey(SecretBox key) {
            try {
                key.open(keyCheck, KEY_CHECK);
            } catch (IllegalStateException e) {
                throw new ConfigException("The master key is not the one the export's Credential secrets are sealed "
                        + "with: set HERALD_MASTER_KEY to that key, or copy master.key from the source's data "
                        + "directory into the target's. Nothing was imported.");
            }
        }

        /** The next line parsed, or null at the end of the input. */
        private JsonNode next() {
            if (!lines.next()) {
                return null;
            }
            line++;
            return parse(lines.line, lines.length, line);
        }
    }

    /** Reads and checks the header line of an export (UTF-8 JSON Lines) from {@code in}. */
    public static Source read(InputStream in) {
        Lines lines = new Lines(in);
        if (!lines.next()) {
            throw new IllegalArgumentException("The input is empty; it should be the output of herald export.");
        }
        JsonNode header = parse(lines.line, lines.length, 1);
        if (!HEADER_TYPE.equals(text(header.get("type")))) {
            throw bad(1, "the first line must be the header of a herald export ({\"type\":\"herald-export\",…})");
        }
        JsonNode version = header.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
            throw bad(1, "this is a version " + version + " export; this Herald reads version " + VERSION);
        }
        String keyCheck = text(header.get("key_check"));
        if (keyCheck == null) {
            throw bad(1, "the header has no \"key_check\"");
        }
        JsonNode counts = header.get("counts");
        if (counts == null || !counts.isObject()) {
            throw bad(1, "the header has no \"counts\"");
        }
        long[] n = new long[TABLES.size()];
        for (int t = 0; t < n.length; t++) {
            JsonNode count = counts.get(TABLES.get(t).name());
            if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 0) {
                throw bad(1, "\"counts\" needs a number of " + TABLES.get(t).name());
            }
            n[t] = count.asLong();
        }
        return new Source(lines, Counts.of(n), keyCheck);
    }

    /**
     * Reads the rest of {@code source} into this database in one transaction: everything or, when any line is
     * bad or conflicts with the target, nothing. Rows whose SID is already there are skipped and counted as
     * present.
     */
    public ImportResult importFrom(Source source, Progress progress) {
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
                return new Importer(h, source, progress).run();
            } catch (IllegalArgumentException | ConfigException | StoreException | UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                // No SQLException in the cause chain: the transactor must not retry what cannot be reread.
                StoreException failure = new StoreException("The import failed and was rolled back; nothing was "
                        + "imported: " + rootMessage(e), null);
                failure.addSuppressed(e);
                throw failure;
            }
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    private static JsonNode parse(byte[] utf8, int length, long line) {
        JsonNode node;
        try {
            node = JSON.readTree(utf8, 0, length);
        } catch (JsonProcessingException e) {
            throw bad(line, "not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("").strip() + ")");
        } catch (IOException e) {
            throw bad(line, "not valid JSON (" + rootMessage(e) + ")");
        }
        if (node == null || !node.isObject()) {
            throw bad(line, "not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static IllegalArgumentException bad(long line, String problem) {
        return new IllegalArgumentException("line " + line + ": " + problem + "; nothing was imported.");
    }

    /** One parsed line. */
    private record Row(long line, Map<String, Object> values, List<String> tags) {
        String sid() {
            return (String) values.get("sid");
        }

        String get(String column) {
            return (String) values.get(column);
        }
    }

    /** The work of one import, inside its transaction. Not thread-safe. */
    private final class Importer {
        private final Handle h;
        private final Source source;
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

        Importer(Handle h, Source source, Progress progress) {
            this.h = h;
            this.source = source;
            this.progress = progress;
        }

        ImportResult run() {
            long total = source.announced().total();
            long done = 0;
            for (JsonNode node = source.next(); node != null; node = source.next()) {
                long line = source.line;
                String type = text(node.get("type"));
                int t = indexOf(type);
                if (t < 0) {
                    throw bad(line, type == null ? "the line has no \"type\"" : "unknown type \"" + type + "\"");
                }
                if (t < section) {
                    throw bad(line, type + " lines must come before " + TABLES.get(section).type() + " lines (the "
                            + "order is account, credential, service, binding)");
                }
                if (t > section) {
                    flush();
                    section = t;
                }
                Row row = row(TABLES.get(t), node, line);
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

        private int indexOf(String type) {
            for (int t = 0; t < TABLES.size(); t++) {
                if (TABLES.get(t).type().equals(type)) {
                    return t;
                }
            }
            return -1;
        }

        /** Reads every column of {@code table} from the line, checking presence and types only. */
        private Row row(Table table, JsonNode node, long line) {
            Set<String> fields = table.fields();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.contains(name)) {
                    throw bad(line, "unknown field \"" + name + "\" in a " + table.type() + " line");
                }
            }
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> tags = null;
            for (Column c : table.columns()) {
                JsonNode value = node.get(c.field());
                if (value == null) {
                    throw bad(line, "the " + table.type() + " has no \"" + c.field() + "\"");
                }
                if (value.isNull()) {
                    if (!c.nullable()) {
                        throw bad(line, "\"" + c.field() + "\" must not be null");
                    }
                    values.put(c.name(), null);
                    continue;
                }
                switch (c.kind()) {
                    case TEXT -> {
                        if (!value.isTextual()) {
                            throw bad(line, "\"" + c.field() + "\" must be a string");
                        }
                        String s = value.asText();
                        if (c.prefix() != null && !isSid(c.prefix(), s)) {
                            throw bad(line, "\"" + c.field() + "\" must be " + c.prefix()
                                    + " followed by 32 lowercase hex digits");
                        }
                        values.put(c.name(), s);
                    }
                    case NUMBER -> {
                        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                            throw bad(line, "\"" + c.field() + "\" must be a whole number");
                        }
                        values.put(c.name(), value.asLong());
                    }
                    case BOOLEAN -> {
                        if (!value.isBoolean()) {
                            throw bad(line, "\"" + c.field() + "\" must be true or false");
                        }
                        values.put(c.name(), value.asBoolean());
                    }
                    case TAGS -> {
                        if (!value.isArray()) {
                            throw bad(line, "\"" + c.field() + "\" must be an array of strings");
                        }
                        Set<String> unique = new LinkedHashSet<>();
                        for (JsonNode tag : value) {
                            if (!tag.isTextual() || tag.asText().isEmpty()) {
                                throw bad(line, "\"" + c.field() + "\" must be an array of non-empty strings");
                            }
                            unique.add(tag.asText());
                        }
                        tags = List.copyOf(unique);
                        try {
                            values.put(c.name(), JSON.writeValueAsString(tags));
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException("Tags could not be serialised.", e);
                        }
                    }
                    default -> throw new IllegalStateException(c.kind().name());
                }
            }
            return new Row(line, values, tags);
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
                case 0 -> accounts.add(row.sid());
                case 1 -> {
                    requireAccount(row, row.get("account_sid"));
                    String type = row.get("type");
                    if (CredentialType.fromWire(type).filter(k -> k.wire().equals(type)).isEmpty()) {
                        throw bad(line, "\"credential_type\" must be apn, fcm or gcm");
                    }
                    try {
                        box.open(row.get("secrets"), row.sid());
                    } catch (IllegalStateException | IllegalArgumentException e) {
                        throw bad(line, "the secrets of Credential " + row.sid() + " do not open with this master key "
                                + "(were they sealed with another key, or altered?)");
                    }
                    credentials.put(row.sid(), row.get("account_sid"));
                }
                case 2 -> {
                    String account = row.get("account_sid");
                    requireAccount(row, account);
                    for (String column : List.of("apn_credential_sid", "gcm_credential_sid", "fcm_credential_sid")) {
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
                default -> throw new IllegalStateException("table " + t);
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
            PreparedBatch batch = h.prepareBatch("INSERT INTO binding_tags (service_sid, tag, date_created, binding_sid) "
                    + "VALUES (:service, :tag, :created, :sid) ON CONFLICT DO NOTHING");
            int added = 0;
            for (Row row : rows) {
                for (String tag : row.tags()) {
                    batch.bind("service", row.get("service_sid")).bind("tag", tag)
                            .bind("created", (Long) row.values().get("date_created")).bind("sid", row.sid()).add();
                    added++;
                }
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

    private static boolean isSid(String prefix, String value) {
        if (value.length() != 34 || !value.startsWith(prefix)) {
            return false;
        }
        for (int i = 2; i < 34; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
