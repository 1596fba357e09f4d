package dev.herald.testing;

import dev.herald.config.DbConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Herald database behind the server's back, over a connection of its own, to check what no reply shows:
 * that no row refers to a row that is gone. Each check is one query; {@link #orphans} runs them all.
 */
public final class DatabaseAudit {
    /** Each check's name and the query counting the rows that break it. */
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("Bindings of a deleted Service",
                "SELECT COUNT(*) FROM bindings b WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.sid = b.service_sid)");
        CHECKS.put("identity counts of a deleted Service", "SELECT COUNT(*) FROM binding_identities i "
                + "WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.sid = i.service_sid)");
        CHECKS.put("tag rows of a deleted Binding", "SELECT COUNT(*) FROM binding_tags t "
                + "WHERE NOT EXISTS (SELECT 1 FROM bindings b WHERE b.sid = t.binding_sid)");
        CHECKS.put("Bindings naming a deleted Credential", "SELECT COUNT(*) FROM bindings b "
                + "WHERE b.credential_sid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.sid = b.credential_sid)");
        for (String column : new String[] {"apn_credential_sid", "gcm_credential_sid", "fcm_credential_sid"}) {
            CHECKS.put("Services naming a deleted Credential in " + column, "SELECT COUNT(*) FROM services s "
                    + "WHERE s." + column + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.sid = s."
                    + column + ")");
        }
    }

    private final DbConfig db;

    public DatabaseAudit(DbConfig db) {
        this.db = db;
    }

    /** Every broken check with the number of rows that break it; empty when the database is consistent. */
    public Map<String, Long> orphans() throws SQLException {
        Map<String, Long> broken = new LinkedHashMap<>();
        try (Connection c = connect()) {
            for (Map.Entry<String, String> check : CHECKS.entrySet()) {
                long rows = count(c, check.getValue());
                if (rows > 0) {
                    broken.put(check.getKey(), rows);
                }
            }
        }
        return broken;
    }

    /** How many Bindings, of any account, name {@code credentialSid}, plus how many Services do. */
    public long referencesTo(String credentialSid) throws SQLException {
        try (Connection c = connect()) {
            return count(c, "SELECT COUNT(*) FROM bindings WHERE credential_sid = ?", credentialSid)
                    + count(c, "SELECT COUNT(*) FROM services WHERE apn_credential_sid = ? OR gcm_credential_sid = ? "
                    + "OR fcm_credential_sid = ?", credentialSid, credentialSid, credentialSid);
        }
    }

    /** How many Bindings the database holds for {@code serviceSid}, whether or not the Service exists. */
    public long bindingsOf(String serviceSid) throws SQLException {
        try (Connection c = connect()) {
            return count(c, "SELECT COUNT(*) FROM bindings WHERE service_sid = ?", serviceSid);
        }
    }

    private Connection connect() throws SQLException {
        return db.isSqlite() ? DriverManager.getConnection("jdbc:sqlite:" + db.sqliteFile().toAbsolutePath())
                : DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static long count(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
