package dev.herald.store.jdbc.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.domain.Sids;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.herald.store.jdbc.transfer.ExportSource.bad;

/** The export format: the tables in the order they travel, their columns and JSON fields, and a parsed line. */
final class Tables {
    /** The format version this Herald writes and reads. */
    static final int VERSION = 1;
    static final String HEADER_TYPE = "herald-export";
    static final String KEY_CHECK = "herald-export-key-check";
    static final int PAGE = 2000;
    static final int BATCH = 1000;
    static final int PROGRESS_EVERY = 256;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Tables() {
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
            sid("sid", "AC"), text("auth_token_hash"), optional("auth_token_sealed"), number("date_created")));
    static final Table CREDENTIALS = new Table("credential", "credentials", List.of(
            sid("sid", "CR"), sid("account_sid", "AC"), optional("friendly_name"),
            new Column("type", "credential_type", Kind.TEXT, false, null), text("secrets"),
            number("date_created"), number("date_updated")));
    static final Table SERVICES = new Table("service", "services", List.of(
            sid("sid", "IS"), sid("account_sid", "AC"), optional("friendly_name"),
            optionalSid("apn_credential_sid", "CR"), optionalSid("gcm_credential_sid", "CR"),
            optionalSid("fcm_credential_sid", "CR"), optional("messaging_service_sid"),
            optional("facebook_messenger_page_id"), optionalSid("facebook_messenger_credential_sid", "CR"),
            optional("default_apn_notification_protocol_version"),
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
    static final Table API_KEYS = new Table("key", "api_keys", List.of(
            sid("sid", "SK"), sid("account_sid", "AC"), optional("friendly_name"), text("secret_hash"),
            number("date_created"), number("date_updated")));
    static final List<Table> TABLES = List.of(ACCOUNTS, CREDENTIALS, SERVICES, BINDINGS, API_KEYS);
    /** Tables newer than the export format: an older Herald's header does not count them, and it has no lines. */
    static final List<Table> ADDED_LATER_TABLES = List.of(API_KEYS);

    /** One parsed line. */
    record Row(long line, Map<String, Object> values, List<String> tags) {
        String sid() {
            return (String) values.get("sid");
        }

        String get(String column) {
            return (String) values.get(column);
        }
    }

    static int indexOf(String type) {
        for (int t = 0; t < TABLES.size(); t++) {
            if (TABLES.get(t).type().equals(type)) {
                return t;
            }
        }
        return -1;
    }

    /** Fields newer than the export format: a line of an older Herald without them reads them as null. */
    private static final Set<String> ADDED_LATER = Set.of("auth_token_sealed", "facebook_messenger_credential_sid");

    /** Reads every column of {@code table} from the line, checking presence and types only. */
    static Row parseRow(Table table, JsonNode node, long line) {
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
            if (value == null && ADDED_LATER.contains(c.field())) {
                values.put(c.name(), null);
                continue;
            }
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
                    if (c.prefix() != null && !Sids.isCanonical(c.prefix(), s)) {
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
}
