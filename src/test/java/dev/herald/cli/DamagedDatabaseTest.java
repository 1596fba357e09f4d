package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.herald.domain.Sids;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A SQLite store damaged between two runs stops Herald at start-up with one line and exit code 2, naming the
 * problem, instead of serving 500s, starting empty, or dying with a stack trace: pages overwritten with garbage, an
 * emptied or missing {@code herald.db} next to the {@code master.key} that shows it held data, a file this user
 * cannot write. SQLite only (the file is the subject), so the PostgreSQL execution skips it.
 */
@Timeout(240)
class DamagedDatabaseTest {
    private static final String MARK = "pii" + UUID.randomUUID().toString().replace("-", "");
    private final String sid = Sids.next(Sids.ACCOUNT);
    private final String token = "token-" + MARK;
    private Path dir;
    private Path data;
    private final List<HeraldProcess> processes = new ArrayList<>();

    @BeforeEach
    void createDir() throws IOException {
        assumeThat(TestDatabases.postgres()).as("SQLite files only").isFalse();
        dir = Files.createTempDirectory("herald-damaged");
        data = dir.resolve("data");
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(HeraldProcess::close);
        if (dir != null) {
            TestHerald.deleteTree(dir);
        }
    }

    private Map<String, String> account() {
        return Map.of("HERALD_ACCOUNT_SID", sid, "HERALD_AUTH_TOKEN", token);
    }

    /** A store with some hundred Bindings, written by a server that was then stopped. */
    private void seed() {
        HeraldProcess herald = HeraldProcess.serve(data, account());
        processes.add(herald);
        RawHttp http = new RawHttp(herald.baseUrl(), sid, token);
        String service = http.post("/v1/Services", "FriendlyName=damaged").json().get("sid").asText();
        for (int i = 0; i < 300; i++) {
            assertThat(http.post("/v1/Services/" + service + "/Bindings", RawHttp.form("Identity", "person-" + i
                    + "-" + MARK, "BindingType", "fcm", "Address", "address-" + i + "-" + MARK, "Tag", "t" + (i % 5)))
                    .status()).isEqualTo(201);
        }
        herald.terminate();
        herald.waitFor(30);
        assertThat(data.resolve("herald.db-wal")).as("the WAL is checkpointed away on a clean stop").doesNotExist();
    }

    private HeraldProcess run(String... args) {
        return track(HeraldProcess.run(data, account(), args));
    }

    private HeraldProcess track(HeraldProcess process) {
        processes.add(process);
        return process;
    }

    /** The process exits 2 after printing exactly one line, which starts with {@code start}; returns the line. */
    private String refused(HeraldProcess process, String start) {
        assertThat(process.waitFor(60)).as(process.output()).isEqualTo(2);
        String output = process.output().strip();
        assertThat(output.lines()).as("one line: %s", output).hasSize(1);
        assertThat(output).startsWith(start).doesNotContain(MARK).doesNotContain("Exception");
        return output;
    }

    @Test
    void pagesOverwrittenWithGarbageStopTheStartUnlessTheCheckIsSkipped() throws Exception {
        seed();
        Path file = data.resolve("herald.db");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[(int) (raf.length() / 3)];
            new Random(42).nextBytes(garbage);
            raf.seek(raf.length() - garbage.length);
            raf.write(garbage);
        }
        refused(run("serve", "--port", "0", "--data", data.toString()), "herald: The SQLite database " + file
                + " is damaged");
        refused(run("migrate", "--data", data.toString()), "herald: The SQLite database " + file + " is damaged");

        HeraldProcess skipping = track(HeraldProcess.serve(data, Map.of("HERALD_ACCOUNT_SID", sid,
                "HERALD_AUTH_TOKEN", token, "HERALD_SKIP_INTEGRITY_CHECK", "true")));
        assertThat(skipping.output()).doesNotContain(MARK);
    }

    @Test
    void anEmptiedOrMissingDatabaseNextToItsMasterKeyIsRefused() throws Exception {
        seed();
        Path file = data.resolve("herald.db");
        Files.write(file, new byte[0]);
        String line = refused(run("serve", "--port", "0", "--data", data.toString()),
                "herald: The SQLite database " + file + " is empty");
        assertThat(line).contains("master.key");
        refused(run("accounts", "create", "--data", data.toString()), "herald: The SQLite database " + file
                + " is empty");
        assertThat(Files.size(file)).as("left as it was").isZero();

        Files.delete(file);
        refused(run("serve", "--port", "0", "--data", data.toString()), "herald: The SQLite database " + file
                + " is missing");
        refused(run("migrate", "--data", data.toString()), "herald: The SQLite database " + file + " is missing");
        assertThat(file).as("not created").doesNotExist();
    }

    @Test
    void aDatabaseThisUserCannotWriteIsRefused() throws Exception {
        seed();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // a temporary dir is 0700
        UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
        for (Path owned : List.of(data, data.resolve("master.key"))) {
            Files.setOwner(owned, users.lookupPrincipalByName("nobody"));
        }
        Path file = data.resolve("herald.db"); // still root's, rw-r--r--
        List<String> asNobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"); // reads the classpath under /root
        HeraldProcess serve = track(HeraldProcess.runUnder(asNobody, data, account(), "serve", "--port", "0",
                "--data", data.toString()));
        refused(serve, "herald: The SQLite database " + file + " is not writable by this user");
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithOneLineWithoutItsPassword() {
        HeraldProcess serve = track(HeraldProcess.run(data, Map.of("HERALD_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/herald?user=herald&password=" + MARK), "serve", "--port", "0",
                "--data", data.toString()));
        refused(serve, "herald: Cannot connect to the database jdbc:postgresql://127.0.0.1:1/herald");
    }
}
