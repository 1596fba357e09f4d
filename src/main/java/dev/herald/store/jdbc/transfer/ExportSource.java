package dev.herald.store.jdbc.transfer;

import static dev.herald.store.jdbc.transfer.Tables.HEADER_TYPE;
import static dev.herald.store.jdbc.transfer.Tables.JSON;
import static dev.herald.store.jdbc.transfer.Tables.KEY_CHECK;
import static dev.herald.store.jdbc.transfer.Tables.TABLES;
import static dev.herald.store.jdbc.transfer.Tables.VERSION;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.domain.StoreException;
import dev.herald.store.jdbc.SecretBox;
import dev.herald.store.jdbc.transfer.Transfers.Counts;
import java.io.IOException;
import java.io.InputStream;

/**
 * An export being read (UTF-8 JSON Lines): its header (line 1) is read and checked by {@link #read}, the rest,
 * line by line, by {@link Transfers#importFrom}. Bad input fails with an {@link IllegalArgumentException} naming
 * the line. Not thread-safe.
 */
public final class ExportSource {
    private final JsonLines lines;
    private final Counts announced;
    private final String keyCheck;
    long line = 1;

    private ExportSource(JsonLines lines, Counts announced, String keyCheck) {
        this.lines = lines;
        this.announced = announced;
        this.keyCheck = keyCheck;
    }

    /** The row counts the header announces; the import fails unless the input holds exactly these. */
    public Counts announced() {
        return announced;
    }

    /**
     * Fails with a {@link StoreException} unless {@code masterKey} is the key the export's Credential secrets are
     * sealed with.
     */
    public void checkKey(byte[] masterKey) {
        checkKey(new SecretBox(masterKey));
    }

    void checkKey(SecretBox key) {
        try {
            key.open(keyCheck, KEY_CHECK);
        } catch (IllegalStateException e) {
            throw new StoreException("The master key is not the one the export's Credential secrets are sealed "
                    + "with: set HERALD_MASTER_KEY to that key, or copy master.key from the source's data "
                    + "directory into the target's. Nothing was imported.");
        }
    }

    /** The next line parsed, or null at the end of the input. */
    JsonNode next() {
        if (!lines.next()) {
            return null;
        }
        line++;
        return parse(lines.line(), lines.length(), line);
    }

    /** Reads and checks the header line of an export (UTF-8 JSON Lines) from {@code in}. */
    public static ExportSource read(InputStream in) {
        JsonLines lines = new JsonLines(in);
        if (!lines.next()) {
            throw new IllegalArgumentException("The input is empty; it should be the output of herald export.");
        }
        JsonNode header = parse(lines.line(), lines.length(), 1);
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
            if (count == null && Tables.ADDED_LATER_TABLES.contains(TABLES.get(t))) {
                continue; // none
            }
            if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 0) {
                throw bad(1, "\"counts\" needs a number of " + TABLES.get(t).name());
            }
            n[t] = count.asLong();
        }
        return new ExportSource(lines, Counts.of(n), keyCheck);
    }

    static JsonNode parse(byte[] utf8, int length, long line) {
        JsonNode node;
        try {
            node = JSON.readTree(utf8, 0, length);
        } catch (JsonProcessingException e) {
            throw bad(line, "not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("").strip() + ")");
        } catch (IOException e) {
            throw bad(line, "not valid JSON (" + StoreException.rootMessage(e) + ")");
        }
        if (node == null || !node.isObject()) {
            throw bad(line, "not a JSON object");
        }
        return node;
    }

    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    static IllegalArgumentException bad(long line, String problem) {
        return new IllegalArgumentException("line " + line + ": " + problem + "; nothing was imported.");
    }
}
