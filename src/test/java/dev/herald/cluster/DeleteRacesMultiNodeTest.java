package dev.herald.cluster;

import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.DatabaseAudit;
import dev.herald.testing.DeleteRaces;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DeleteRaces} across two Herald nodes on one PostgreSQL database: the writes alternate between the nodes
 * and the delete moves from one to the other round by round, so each race is also won and lost across nodes.
 */
@Timeout(180)
class DeleteRacesMultiNodeTest {
    private static Path dir;
    private static TestHerald a;
    private static TestHerald b;
    private static DeleteRaces races;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        dir = Files.createTempDirectory("herald-cluster");
        DbConfig db = DbConfig.parse(TestDatabases.newPostgresDatabase(), dir, 8);
        String sid = Sids.next(Sids.ACCOUNT);
        a = TestHerald.startOn(dir, db, null, sid, "cluster-token");
        b = TestHerald.startOn(dir, db, null, sid, "cluster-token");
        races = new DeleteRaces(List.of(new RawHttp(a), new RawHttp(b)), new DatabaseAudit(db));
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        TestHerald.deleteTree(dir);
    }

    @Test
    void bindingCreatesOnBothNodesRacingTheDeleteOfTheirService() throws Exception {
        races.bindingCreatesRacingTheirServicesDelete();
    }

    @Test
    void bindingCreatesOnBothNodesRacingTheDeleteOfTheirCredential() throws Exception {
        races.bindingCreatesRacingTheirCredentialsDelete();
    }

    @Test
    void serviceWritesOnBothNodesRacingTheDeleteOfTheirCredential() throws Exception {
        races.serviceWritesRacingTheirCredentialsDelete();
    }
}
