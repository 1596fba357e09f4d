package dev.herald.store.jdbc;

import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Writes deliveries' outcomes into their rows, each only if the row is still queued. PostgreSQL takes a claim's
 * outcomes in one statement ({@code UPDATE … FROM unnest} of one array a column): one plan run and one message
 * instead of one a row, about 2 µs less of its CPU a delivery (BENCHMARKS.md §17). SQLite, which has no arrays,
 * takes one UPDATE a row in a batch.
 *
 * <p>Both filter on {@code status < 1}, not {@code = 0}: a generic plan (one per pooled connection) made while the
 * statistics said hardly anything was queued would otherwise read the whole partial index of queued deliveries
 * ({@code WHERE status = 0}) for each row instead of probing the key.
 */
final class OutcomeRows {
    private OutcomeRows() {
    }

    /**
     * The statement of one row's outcome (SQLite's), by position: status, due, code, message, provider message id,
     * request, now (seconds), callback URL, callback due, id.
     */
    private static String each(boolean countAttempts) {
        return "UPDATE deliveries SET status = ?, due = ?, claimed = 0, "
                + (countAttempts ? "attempts = attempts + 1, " : "")
                + "error_code = ?, error_message = ?, provider_message_id = ?, request = ?, date_updated = ?, "
                + "callback_url = ?, callback_due = ?, callback_attempts = 0 WHERE id = ? AND status < 1";
    }

    /**
     * The statement of many rows' outcomes, one array a column (PostgreSQL's), each row found by its key
     * (Notification, id); it returns the ids it wrote.
     */
    static String atOnce(boolean countAttempts) {
        return "UPDATE deliveries d SET status = u.status, due = u.due, claimed = 0, "
                + (countAttempts ? "attempts = d.attempts + 1, " : "")
                + "error_code = u.code, error_message = u.message, provider_message_id = u.provider, "
                + "request = u.request, date_updated = :now, callback_url = u.callback_url, "
                + "callback_due = u.callback_due, callback_attempts = 0 "
                + "FROM unnest(CAST(:notifications AS text[]), CAST(:ids AS bigint[]), CAST(:statuses AS smallint[]), "
                + "CAST(:dues AS bigint[]), CAST(:codes AS integer[]), CAST(:messages AS text[]), "
                + "CAST(:providers AS text[]), CAST(:requests AS text[]), CAST(:callbackUrls AS text[]), "
                + "CAST(:callbackDues AS bigint[])) "
                + "AS u(notification_sid, id, status, due, code, message, provider, request, callback_url, "
                + "callback_due) "
                + "WHERE d.notification_sid = u.notification_sid AND d.id = u.id AND d.status < 1 RETURNING d.id";
    }

    /**
     * Writes {@code results} in {@code h}'s transaction (each attempt counted unless {@code countAttempts} is false:
     * a lease in the row counted it) and says of each whether its row was written (1) or had an outcome already (0).
     * A final outcome's callback rides on its row ({@link JdbcCallbackQueue}), due at {@code nowMillis}.
     */
    static int[] write(Handle h, Dialect dialect, List<Result> results, boolean countAttempts, long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        int n = results.size();
        if (dialect == Dialect.SQLITE) {
            return writeEach(h, results, countAttempts, now, nowMillis);
        }
        String[] notifications = new String[n];
        Long[] ids = new Long[n];
        Short[] statuses = new Short[n];
        Long[] dues = new Long[n];
        Integer[] codes = new Integer[n];
        String[] messages = new String[n];
        String[] providers = new String[n];
        String[] requests = new String[n];
        String[] callbackUrls = new String[n];
        Long[] callbackDues = new Long[n];
        for (int i = 0; i < n; i++) {
            Result r = results.get(i);
            notifications[i] = r.notificationSid();
            ids[i] = r.id();
            statuses[i] = (short) NotificationRows.status(r.status());
            dues[i] = r.dueMillis();
            codes[i] = r.errorCode();
            messages[i] = r.errorMessage();
            providers[i] = r.providerMessageId();
            requests[i] = r.request();
            callbackUrls[i] = callbackUrl(r);
            callbackDues[i] = callbackUrls[i] == null ? null : nowMillis;
        }
        Set<Long> written = new HashSet<>(h.createQuery(atOnce(countAttempts))
                .bind("notifications", notifications).bind("ids", ids).bind("statuses", statuses)
                .bind("dues", dues).bind("codes", codes)
                .bind("messages", messages).bind("providers", providers).bind("requests", requests)
                .bind("callbackUrls", callbackUrls).bind("callbackDues", callbackDues).bind("now", now)
                .mapTo(Long.class).list());
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = written.remove(ids[i]) ? 1 : 0; // an id twice: its row was written once
        }
        return counts;
    }

    /**
     * SQLite's: one UPDATE a row in a JDBC batch, bound by position. With Jdbi's named binding (an argument factory
     * looked up and a map entry made per value) a batch of about 1,700 outcomes took the writer 16.7 ms, by
     * position 12.2 ms (BENCHMARKS.md §20).
     */
    private static int[] writeEach(Handle h, List<Result> results, boolean countAttempts, long now, long nowMillis) {
        try (PreparedStatement update = h.getConnection().prepareStatement(each(countAttempts))) {
            for (Result r : results) {
                String callbackUrl = callbackUrl(r);
                update.setInt(1, NotificationRows.status(r.status()));
                update.setLong(2, r.dueMillis());
                update.setObject(3, r.errorCode());
                update.setString(4, r.errorMessage());
                update.setString(5, r.providerMessageId());
                update.setString(6, r.request());
                update.setLong(7, now);
                update.setString(8, callbackUrl);
                update.setObject(9, callbackUrl == null ? null : (Long) nowMillis);
                update.setLong(10, r.id());
                update.addBatch();
            }
            return update.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** Where a final outcome's callback goes; null for none, and for an attempt to be retried (a callbacks row). */
    private static String callbackUrl(Result r) {
        return r.callback() != null && r.status() != DeliveryStatus.QUEUED ? r.callback().url() : null;
    }
}
