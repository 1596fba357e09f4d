package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.herald.domain.Sids;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Other users of the machine cannot read the data directory: Herald creates it 0700, and the SQLite database with
 * its {@code -wal} and {@code -shm} 0600 (they hold addresses and token hashes), whatever the umask allows.
 */
@Timeout(60)
class PrivateFilesTest {
    private Path dir;
    private TestHerald herald;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-modes");
    }

    @AfterEach
    void cleanUp() {
        if (herald != null) {
            herald.close();
        }
        TestHerald.deleteTree(dir);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private void start(Path data) {
        herald = TestHerald.startOn(data, DbConfig.parse(null, data, 2), null, Sids.next(Sids.ACCOUNT), "token");
        RawHttp http = new RawHttp(herald);
        String service = http.post("/v1/Services", "FriendlyName=modes").json().get("sid").asText();
        assertThat(http.post("/v1/Services/" + service + "/Bindings",
                "Identity=alice&BindingType=sms&Address=%2B15555550100").status()).isEqualTo(201);
    }

    @Test
    void theDataDirectoryAndTheDatabaseFilesAreTheOwnersOnly() throws IOException {
        Path data = dir.resolve("new").resolve("data");
        start(data);
        assertThat(mode(data)).isEqualTo("rwx------");
        for (String name : new String[] {"herald.db", "herald.db-wal", "herald.db-shm", "master.key"}) {
            assertThat(data.resolve(name)).exists();
            assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");
        }
    }

    @Test
    void filesOthersCanReadAreLeftAsTheyAreWithAWarning() throws IOException {
        Path data = dir.resolve("data");
        start(data);
        herald.close();
        herald = null;
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("herald.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (LogCapture log = LogCapture.start()) {
            start(data);
            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN")).singleElement().asString()
                    .contains("[" + data.resolve("herald.db") + "]").contains("chmod 600");
            assertThat(log.count(Level.ERROR)).isZero();
        }
        assertThat(mode(data.resolve("herald.db"))).isEqualTo("rw-r--r--");
    }
}
