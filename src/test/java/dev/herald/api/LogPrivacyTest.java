package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No log line holds personal data or a secret, whatever the error: the test provokes every failure it can reach
 * with a marker in each Binding address, identity, Credential secret and wrong token, captures all that Herald
 * logs at INFO and above (messages and exception chains), and looks for the markers, the auth token and its hash.
 */
@Timeout(120)
class LogPrivacyTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();

    private static final String MARK = "pii" + UUID.randomUUID().toString().replace("-", "");
    private static LogCapture log;
    private final RawHttp http = herald.http();

    @BeforeAll
    static void capture() {
        log = LogCapture.start();
    }

    @AfterAll
    static void release() {
        log.close();
    }

    private static Connection sql() throws SQLException {
        DbConfig db = herald.server().db();
        return DriverManager.getConnection(db.isSqlite() ? "jdbc:sqlite:" + db.sqliteFile() : db.jdbcUrl());
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = sql(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Makes the database refuse rows whose {@code column} starts with {@code prefix}, as a failing disk might. */
    private static void refuse(String table, String column, String prefix) throws SQLException {
        String name = "privacy_" + table;
        if (TestDatabases.postgres()) {
            execute("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " CHECK (" + column + " NOT LIKE '"
                    + prefix + "%') NOT VALID");
        } else {
            execute("CREATE TRIGGER " + name + " BEFORE INSERT ON " + table + " WHEN NEW." + column + " LIKE '"
                    + prefix + "%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        }
    }

    private static String binding(String identity, String type, String address) {
        return RawHttp.form("Identity", identity, "BindingType", type, "Address", address, "Tag", "tag-" + MARK);
    }

    @Test
    void noErrorLogsAddressesIdentitiesTokensOrSecrets() throws Exception {
        String first = herald.fixture().service("privacy");
        String second = herald.fixture().service("privacy-too");
        assertThat(http.post("/v1/Credentials", RawHttp.form("Type", "fcm", "Secret",
                TestSecrets.serviceAccount("privacy", "secret-" + MARK))).status())
                .isEqualTo(201);

        // Store failures with personal data in the statement's arguments and in the database's own message.
        execute("CREATE UNIQUE INDEX privacy_once ON bindings (identity) WHERE identity LIKE 'once-%'");
        assertThat(http.post("/v1/Services/" + first + "/Bindings",
                binding("once-" + MARK, "fcm", "address-1-" + MARK)).status()).isEqualTo(201);
        assertError(http.post("/v1/Services/" + second + "/Bindings",
                binding("once-" + MARK, "fcm", "address-2-" + MARK)), 500, 20500);
        refuse("bindings", "identity", "boom-");
        assertError(http.post("/v1/Services/" + first + "/Bindings",
                binding("boom-" + MARK, "apn", "address-3-" + MARK)), 500, 20500);
        refuse("credentials", "friendly_name", "boom-");
        assertError(http.post("/v1/Credentials", RawHttp.form("Type", "apn", "FriendlyName", "boom-" + MARK,
                "Certificate", "certificate-" + MARK, "PrivateKey", "key-" + MARK)), 500, 20500);

        // The caller's mistakes.
        assertError(http.post("/v1/Services/" + first + "/Bindings",
                binding("person-" + MARK, "sms", "+" + MARK)), 400, 20001);
        assertError(http.post("/v1/Services/" + first + "/Bindings",
                binding(MARK.repeat(10), "fcm", "address-4-" + MARK)), 400, 20001);
        assertError(http.get("/v1/Services/" + first + "/Bindings?Identity=" + MARK
                + "&Tag=a&Tag=b&Tag=c&Tag=d&Tag=e&Tag=f"), 400, 20001);
        assertError(http.post("/v1/Services/" + first + "/Bindings", "Identity=" + MARK + "%zz&Address=" + MARK),
                400, 20001);
        assertError(http.get("/v1/Services/" + first + "/Bindings/" + Sids.next(Sids.BINDING) + "?Identity="
                + MARK), 404, 20404);
        assertError(http.post("/v1/Services/" + first + "/Bindings",
                "Identity=x&BindingType=fcm&Address=" + MARK + "&" + "x".repeat(1024 * 1024 + 10)), 413, 20413);
        assertThat(rawRequest("GET /v1/Services?Identity=" + MARK + "\u0001 HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(rawRequest("GET /v1/Services HTTP/1.1\r\nHost: x\r\nX-Address: " + MARK.repeat(400)
                + "\r\n\r\n")).startsWith("HTTP/1.1 431");

        // Authentication failures, with the wrong token, another account's and a malformed header.
        assertError(herald.http(herald.accountSid(), "wrong-" + MARK).get("/v1/Services"), 401, 20003);
        assertError(herald.http(Sids.next(Sids.ACCOUNT), MARK).get("/v1/Services"), 401, 20003);
        assertError(herald.http(MARK, herald.authToken()).get("/v1/Services"), 401, 20003);

        if (!TestDatabases.postgres()) { // a write lock held past the busy timeout (PostgreSQL: DatabaseOutageTest)
            try (Connection other = sql(); Statement s = other.createStatement()) {
                s.execute("PRAGMA busy_timeout = 20000");
                s.execute("BEGIN IMMEDIATE");
                assertError(http.post("/v1/Services/" + first + "/Bindings",
                        binding("person-" + MARK, "fcm", "address-5-" + MARK)), 503, 20503);
                s.execute("COMMIT");
            }
        }

        // Reads that fail, with an identity among their arguments.
        execute("ALTER TABLE bindings RENAME TO bindings_away");
        try {
            assertError(http.get("/v1/Services/" + first + "/Bindings?Identity=person-" + MARK), 500, 20500);
        } finally {
            execute("ALTER TABLE bindings_away RENAME TO bindings");
        }

        assertThat(log.count(Level.ERROR)).as("the 500s were logged").isGreaterThanOrEqualTo(4);
        log.assertNoneContain(List.of(MARK, herald.authToken(), sha256(herald.authToken())));
    }

    /** Sends {@code request} as raw bytes and returns the status line of the reply. */
    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", herald.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString().strip();
        }
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
