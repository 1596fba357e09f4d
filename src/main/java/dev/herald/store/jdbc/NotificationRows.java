package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.domain.BindingType;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryCounts;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import dev.herald.domain.SentNotification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Rows of {@code notifications} and {@code deliveries}: the codes of their small-integer columns and the JSON
 * {@code payload} that holds what a Notification sends (everything but its direct targets, which become
 * deliveries).
 */
final class NotificationRows {
    static final String COLUMNS = "sid, account_sid, service_sid, date_created, priority, ttl, payload, state, "
            + "total, queued, delivered, rejected, expired, warning";
    static final String DELIVERY_COLUMNS = "id, notification_sid, binding_sid, binding_type, identity, address, "
            + "status, attempts, error_code, error_message, provider_message_id, request, date_created, date_updated";
    /**
     * The start of an {@code INSERT … SELECT} of new Notifications, with the cursor, lease and counts they start
     * with: the {@code SELECT} that follows gives sid, account_sid, service_sid, date_created, priority, ttl, payload,
     * state, total and queued, in that order.
     */
    static final String INSERT = "INSERT INTO notifications (cursor_date, cursor_sid, lease_until, served_at, "
            + "delivered, rejected, expired, sid, account_sid, service_sid, date_created, priority, ttl, payload, "
            + "state, total, queued) SELECT -1, '', 0, 0, 0, 0, 0, ";
    static final int EXPANDING = 0;
    static final int SENDING = 1;
    static final int DONE = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private NotificationRows() {
    }

    static int priority(Priority p) {
        return p.ordinal();
    }

    static int status(DeliveryStatus s) {
        return s.ordinal();
    }

    /** The status stored as {@code column}, the inverse of {@link #status(DeliveryStatus)}. */
    static DeliveryStatus status(int column) {
        return DeliveryStatus.values()[column];
    }

    /** An integer column that may be NULL. */
    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static String payload(Notification n) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("identities", n.identities());
        p.put("tags", n.tags());
        p.put("segments", n.segments());
        p.put("title", n.title());
        p.put("body", n.body());
        p.put("sound", n.sound());
        p.put("action", n.action());
        p.put("data", n.data());
        p.put("apn", n.apn());
        p.put("fcm", n.fcm());
        p.put("gcm", n.gcm());
        p.put("sms", n.sms());
        p.put("facebook_messenger", n.facebookMessenger());
        p.put("alexa", n.alexa());
        p.put("delivery_callback_url", n.deliveryCallbackUrl());
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The Notification's parameters could not be serialised.", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Notification notification(ResultSet rs, StatementContext ctx) throws SQLException {
        Map<String, Object> p;
        try {
            p = JSON.readValue(rs.getString("payload"), MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("The payload of Notification " + rs.getString("sid") + " is not readable.", e);
        }
        return new Notification(rs.getString("sid"), rs.getString("account_sid"), rs.getString("service_sid"),
                rs.getLong("date_created"), (List<String>) p.get("identities"), (List<String>) p.get("tags"),
                (List<String>) p.get("segments"), Priority.values()[rs.getInt("priority")], rs.getInt("ttl"),
                (String) p.get("title"), (String) p.get("body"), (String) p.get("sound"), (String) p.get("action"),
                (Map<String, Object>) p.get("data"), (Map<String, Object>) p.get("apn"),
                (Map<String, Object>) p.get("fcm"), (Map<String, Object>) p.get("gcm"),
                (Map<String, Object>) p.get("sms"), (Map<String, Object>) p.get("facebook_messenger"),
                (Map<String, Object>) p.get("alexa"), List.of(), (String) p.get("delivery_callback_url"));
    }

    static SentNotification sent(ResultSet rs, StatementContext ctx) throws SQLException {
        DeliveryCounts.State state = switch (rs.getInt("state")) {
            case EXPANDING -> DeliveryCounts.State.EXPANDING;
            case SENDING -> DeliveryCounts.State.SENDING;
            default -> DeliveryCounts.State.DONE;
        };
        Integer warning = nullableInt(rs, "warning");
        return new SentNotification(notification(rs, ctx), new DeliveryCounts(state, rs.getLong("total"),
                rs.getLong("queued"), rs.getLong("delivered"), rs.getLong("rejected"), rs.getLong("expired"),
                warning));
    }

    static Delivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
        Integer errorCode = nullableInt(rs, "error_code");
        return new Delivery(rs.getLong("id"), rs.getString("notification_sid"), rs.getString("binding_sid"),
                BindingType.fromWire(rs.getString("binding_type")).orElseThrow(), rs.getString("identity"),
                rs.getString("address"), status(rs.getInt("status")), rs.getInt("attempts"),
                errorCode, rs.getString("error_message"), rs.getString("provider_message_id"),
                rs.getString("request"), rs.getLong("date_created"), rs.getLong("date_updated"));
    }
}
