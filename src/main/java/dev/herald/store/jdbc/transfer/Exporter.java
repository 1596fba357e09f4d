package dev.herald.store.jdbc.transfer;

import static dev.herald.store.jdbc.transfer.Tables.HEADER_TYPE;
import static dev.herald.store.jdbc.transfer.Tables.JSON;
import static dev.herald.store.jdbc.transfer.Tables.KEY_CHECK;
import static dev.herald.store.jdbc.transfer.Tables.PAGE;
import static dev.herald.store.jdbc.transfer.Tables.TABLES;
import static dev.herald.store.jdbc.transfer.Tables.VERSION;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.store.jdbc.SecretBox;
import dev.herald.store.jdbc.Transactor;
import dev.herald.store.jdbc.transfer.Tables.Column;
import dev.herald.store.jdbc.transfer.Tables.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The export half of {@link Transfers}: one snapshot, a page of rows at a time, written as JSON Lines. */
final class Exporter {
    private final Transactor tx;
    private final SecretBox box;
    private final boolean postgres;
    private final String engine;

    Exporter(Transactor tx, SecretBox box, boolean postgres, String engine) {
        this.tx = tx;
        this.box = box;
        this.postgres = postgres;
        this.engine = engine;
    }

    /**
     * Writes the header and every row to {@code out} (UTF-8 JSON Lines), reading one snapshot of the database
     * {@value #PAGE} rows at a time, and returns how many rows of each table it wrote. Flushes but does not close
     * {@code out}.
     */
    Transfers.Counts run(OutputStream out, Transfers.Progress progress) {
        return tx.read(h -> {
            h.begin();
            try {
                if (postgres) {
                    h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                Transfers.Counts total = Transfers.count(h); // the first read fixes the snapshot on SQLite too
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
                return Transfers.Counts.of(written);
            } catch (IOException e) {
                throw new UncheckedIOException("The export could not be written: " + e.getMessage(), e);
            } finally {
                h.rollback();
            }
        });
    }

    private void writeHeader(JsonGenerator out, Transfers.Counts total) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", HEADER_TYPE);
        out.writeNumberField("version", VERSION);
        out.writeStringField("dialect", engine);
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
}
