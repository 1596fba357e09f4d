import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL's server process spends on one delivery's rows, alone on an idle server: N deliveries through a
 * copy of Herald's {@code deliveries} table ({@code LIKE deliveries INCLUDING ALL}: its indexes too) with the
 * statements Herald sends, in batches of 1,000, one transaction a batch, on one connection. The backend's CPU is
 * read from /proc (server on this host). Modes:
 * <ul>
 *   <li>{@code herald}: a fan-out chunk's INSERT … SELECT, a claim (SELECT … FOR UPDATE SKIP LOCKED, then the lease
 *       UPDATE), and the outcomes (one UPDATE a row, batched), as {@code JdbcDeliveryQueue} does;</li>
 *   <li>{@code no-lease}: the same without the lease UPDATE: the claim's rows stay locked ({@code FOR UPDATE})
 *       until its outcomes are written in the same transaction;</li>
 *   <li>{@code unnest}: as {@code no-lease}, the outcomes written by one UPDATE … FROM unnest(arrays) a claim
 *       instead of one UPDATE a row;</li>
 *   <li>{@code once}: one INSERT a delivery with its outcome, no claim, no update: a delivery written once;</li>
 *   <li>{@code by-id-}<i>mode</i>: <i>mode</i> with the keys before migration V12 (the id alone, and an index of
 *       each Notification's ids) instead of the one key (Notification, id).</li>
 * </ul>
 * Run with the PostgreSQL driver on the class path, against a database Herald migrated:
 *
 * <pre>java -cp target/herald.jar bench/PgRowCost.java JDBC_URL N MODE...</pre>
 */
public class PgRowCost {
    private static final int BATCH = 1000;
    private static final String NOTIFICATION = "NT0123456789abcdef0123456789abcdef";
    private static final String REQUEST = ("{\"headers\":{\"apns-priority\":\"10\",\"apns-push-type\":\"alert\"},"
            + "\"body\":{\"aps\":{\"alert\":{\"title\":\"Hello\",\"body\":\"Hello there\"}}}}").repeat(3);

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            run(url, n, args[i]);
        }
    }

    private static void run(String url, int n, String named) throws Exception {
        boolean byId = named.startsWith("by-id-");
        String mode = byId ? named.substring("by-id-".length()) : named;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS row_cost");
            s.execute("CREATE TABLE row_cost (LIKE deliveries INCLUDING ALL)");
            if (byId) { // the keys before migration V12: the id alone, and an index of the Notification's ids
                s.execute("ALTER TABLE row_cost DROP CONSTRAINT row_cost_pkey");
                s.execute("ALTER TABLE row_cost ADD PRIMARY KEY (id)");
                s.execute("CREATE INDEX row_cost_by_notification ON row_cost (notification_sid, id)");
            }
            s.execute("CHECKPOINT");
            long pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            c.setAutoCommit(false);
            long[] cpu = new long[4];
            cpu[0] = cpuMillis(pid);
            if (mode.equals("once")) {
                insertFinished(c, n);
                cpu[1] = cpuMillis(pid);
                cpu[2] = cpu[1];
                cpu[3] = cpu[1];
            } else {
                for (int k = 0; k < n / BATCH; k++) {
                    s.executeUpdate(insertChunk(k * BATCH + 1, (k + 1) * BATCH));
                    c.commit();
                }
                cpu[1] = cpuMillis(pid);
                if (mode.equals("no-lease") || mode.equals("unnest")) { // the row locks held until the outcomes
                    long claiming = 0;
                    for (int k = 0; k < n / BATCH; k++) {
                        long before = cpuMillis(pid);
                        List<Long> ids = claim(c, false);
                        claiming += cpuMillis(pid) - before;
                        if (mode.equals("unnest")) {
                            finishAtOnce(c, ids);
                        } else {
                            finish(c, ids);
                        }
                        c.commit();
                    }
                    cpu[2] = cpu[1] + claiming;
                } else {
                    List<List<Long>> claims = new ArrayList<>();
                    for (int k = 0; k < n / BATCH; k++) {
                        claims.add(claim(c, true));
                        c.commit();
                    }
                    cpu[2] = cpuMillis(pid);
                    for (List<Long> ids : claims) {
                        finish(c, ids);
                        c.commit();
                    }
                }
                cpu[3] = cpuMillis(pid);
            }
            s.execute("DROP TABLE row_cost");
            c.commit();
            System.out.printf("%-15s %,d deliveries: PostgreSQL CPU %.1f us a delivery (insert %.1f, claim %.1f, "
                            + "outcome %.1f)%n", named, n, us(cpu[3] - cpu[0], n), us(cpu[1] - cpu[0], n),
                    us(cpu[2] - cpu[1], n), us(cpu[3] - cpu[2], n));
            System.out.flush();
        }
    }

    private static double us(long millis, int n) {
        return millis * 1000.0 / n;
    }

    /** user + system CPU of a process on this host, in milliseconds (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    private static String insertChunk(long from, long to) {
        return "INSERT INTO row_cost (id, notification_sid, binding_sid, binding_type, identity, address, "
                + "credential_sid, protocol_version, status, due, claimed, attempts, date_created, date_updated) "
                + "SELECT g, '" + NOTIFICATION + "', 'BS' || md5(g::text), 'apn', 'user-' || g, "
                + "md5(g::text) || md5((g + 1)::text), NULL, '3', 0, 0, 0, 0, 1, 1 "
                + "FROM generate_series(" + from + ", " + to + ") g";
    }

    private static List<Long> claim(Connection c, boolean lease) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, due, binding_sid, binding_type, identity, address, "
                + "credential_sid, protocol_version, attempts FROM row_cost WHERE notification_sid = ? "
                + "AND status = 0 AND due <= 1 ORDER BY due LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")) {
            p.setString(1, NOTIFICATION);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    rs.getString(3);
                    rs.getString(6);
                }
            }
        }
        if (lease && !ids.isEmpty()) {
            StringBuilder in = new StringBuilder();
            for (Long id : ids) {
                in.append(in.length() == 0 ? "" : ",").append(id);
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE row_cost SET due = 60000, claimed = 1, attempts = attempts + 1 WHERE id IN ("
                        + in + ")");
            }
        }
        return ids;
    }

    private static void finish(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE row_cost SET status = ?, due = ?, claimed = 0, "
                + "error_code = ?, error_message = ?, provider_message_id = ?, request = ?, date_updated = 2, "
                + "callback_url = NULL, callback_due = NULL, callback_attempts = 0 "
                + "WHERE notification_sid = ? AND id = ? AND status < 1")) {
            for (Long id : ids) {
                p.setShort(1, (short) 1);
                p.setLong(2, 0);
                p.setNull(3, Types.INTEGER);
                p.setNull(4, Types.VARCHAR);
                p.setNull(5, Types.VARCHAR);
                p.setString(6, REQUEST);
                p.setString(7, NOTIFICATION);
                p.setLong(8, id);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void finishAtOnce(Connection c, List<Long> ids) throws SQLException {
        int n = ids.size();
        Short[] status = new Short[n];
        Long[] due = new Long[n];
        String[] request = new String[n];
        for (int i = 0; i < n; i++) {
            status[i] = 1;
            due[i] = 0L;
            request[i] = REQUEST;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE row_cost d SET status = u.status, due = u.due, "
                + "claimed = 0, error_code = u.code, error_message = u.message, provider_message_id = u.provider, "
                + "request = u.request, date_updated = 2, callback_url = NULL, callback_due = NULL, "
                + "callback_attempts = 0 FROM unnest(?::bigint[], ?::smallint[], ?::bigint[], ?::int[], ?::text[], "
                + "?::text[], ?::text[]) AS u(id, status, due, code, message, provider, request) "
                + "WHERE d.notification_sid = '" + NOTIFICATION + "' AND d.id = u.id AND d.status < 1")) {
            p.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            p.setArray(2, c.createArrayOf("smallint", status));
            p.setArray(3, c.createArrayOf("bigint", due));
            p.setArray(4, c.createArrayOf("integer", new Integer[n]));
            p.setArray(5, c.createArrayOf("text", new String[n]));
            p.setArray(6, c.createArrayOf("text", new String[n]));
            p.setArray(7, c.createArrayOf("text", request));
            p.executeUpdate();
        }
    }

    private static void insertFinished(Connection c, int n) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO row_cost (id, notification_sid, binding_sid, "
                + "binding_type, identity, address, credential_sid, protocol_version, status, due, claimed, attempts, "
                + "request, date_created, date_updated) VALUES (?, ?, ?, 'apn', ?, ?, NULL, '3', 1, 0, 0, 1, ?, 1, 2)")) {
            for (int k = 0; k < n / BATCH; k++) {
                for (int i = 1; i <= BATCH; i++) {
                    long id = (long) k * BATCH + i;
                    p.setLong(1, id);
                    p.setString(2, NOTIFICATION);
                    p.setString(3, "BS" + Long.toHexString(id * 0x9E3779B97F4A7C15L) + "0123456789abcdef");
                    p.setString(4, "user-" + id);
                    p.setString(5, Long.toHexString(id * 31) + "0123456789abcdef0123456789abcdef0123456789abcdef");
                    p.setString(6, REQUEST);
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            }
        }
    }
}
