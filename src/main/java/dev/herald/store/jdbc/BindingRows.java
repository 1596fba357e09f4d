package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.domain.Binding;
import dev.herald.domain.BindingType;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** How a Binding is kept in rows: its columns, its tags as a JSON array, and its tag rows with their mask. */
public final class BindingRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The columns {@link #map} reads, by position, of {@code bindings b}. */
    static final String COLUMNS = "b.sid, b.service_sid, b.account_sid, b.credential_sid, b.identity, "
            + "b.binding_type, b.address, b.tags, b.notification_protocol_version, b.endpoint, b.date_created, "
            + "b.date_updated";

    private BindingRows() {
    }

    /** Maps a row of {@link #COLUMNS}, by position. */
    static Binding map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Binding(rs.getString(1), rs.getString(3), rs.getString(2), rs.getString(4), rs.getString(5),
                BindingType.fromWire(rs.getString(6)).orElseThrow(), rs.getString(7), tags(rs.getString(8), rs),
                rs.getString(9), rs.getString(10), rs.getLong(11), rs.getLong(12));
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

    /** The {@code tags} column's value. */
    static String tagsJson(List<String> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Tags could not be serialised.", e);
        }
    }

    /**
     * Adds to {@code batch} one set of the parameters {@code :service, :tag, :created, :sid, :mask} per tag of a
     * Binding, each with the {@link TagMask} of the whole set (what every tag row of a Binding carries); returns
     * how many it added.
     */
    public static int addTagRows(PreparedBatch batch, String serviceSid, long dateCreated, String sid,
                                 List<String> tags) {
        long mask = TagMask.of(tags);
        for (String tag : tags) {
            batch.bind("service", serviceSid).bind("tag", tag).bind("created", dateCreated).bind("sid", sid)
                    .bind("mask", mask).add();
        }
        return tags.size();
    }
}
