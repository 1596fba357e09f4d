package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.BindingType;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import dev.herald.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's claims, held open until their outcomes are in: other nodes skip their rows; their outcomes are
 * written together with the last, each attempt counted once; a node whose connection dies loses its claim to the
 * others; a claim held too long, or beyond what a node may hold, leases its rows instead; everything handed back is
 * due again with its attempt not counted.
 */
@Timeout(60)
class HeldClaimTest {
    private static final long LEASE = 60_000;
    @TempDir
    Path dir;
    private EngineFixture f;
    private long now;

    @BeforeEach
    void open() {
        Assumptions.assumeTrue(TestDatabases.postgres(), "claims are held on PostgreSQL only");
        f = new EngineFixture(dir);
        now = f.clock.millis();
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private Notification direct(int targets) {
        return f.notification(Priority.HIGH, Notification.MAX_TTL, List.of(), List.of(), IntStream.range(0, targets)
                .mapToObj(i -> new DirectTarget(BindingType.FCM, "token-" + i)).toList());
    }

    private static List<Result> delivered(Notification n, List<Claimed> claimed) {
        return claimed.stream().map(c -> new Result(c.id(), n.sid(), DeliveryStatus.DELIVERED, 0, null, null,
                "message-" + c.id(), null, false, n.serviceSid(), c.bindingSid(), 0)).toList();
    }

    private static List<Long> ids(List<Claimed> claimed) {
        return claimed.stream().map(Claimed::id).toList();
    }

    private void assertDeliveredOnce(Notification n, int count) {
        assertThat(f.deliveries(n)).hasSize(count).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(d.attempts()).as("attempts").isEqualTo(1);
        });
        assertThat(f.sent(n).counts().delivered()).isEqualTo(count);
        assertThat(f.sent(n).counts().queued()).isZero();
    }

    @Test
    void aClaimsOutcomesAreWrittenWithItsLast() {
        Notification n = direct(3);
        DeliveryQueue node = f.node(16).deliveryQueue();
        List<Claimed> claimed = node.claim(now, LEASE, 3);
        assertThat(claimed).hasSize(3).extracting(Claimed::attempt).containsOnly(1);

        node.finish(delivered(n, claimed.subList(0, 2)), now);
        assertThat(node.unsettled()).isEqualTo(2);
        assertThat(f.deliveries(n)).as("not written yet").extracting(Delivery::status)
                .containsOnly(DeliveryStatus.QUEUED);
        assertThat(f.sent(n).counts().delivered()).isZero();

        node.finish(delivered(n, claimed.subList(2, 3)), now);
        EngineFixture.settled(node); // committed on a committer thread
        assertDeliveredOnce(n, 3);
    }

    @Test
    void anotherNodeSkipsTheRowsAClaimHolds() {
        direct(10);
        List<Claimed> first = f.db.deliveryQueue().claim(now, LEASE, 4);
        List<Claimed> second = f.node(4).deliveryQueue().claim(now, LEASE, 10);
        assertThat(first).hasSize(4);
        assertThat(second).hasSize(6);
        assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));
    }

    @Test
    void theClaimOfANodeWhoseConnectionDiedIsTakenByAnotherAndCountedOnce() throws Exception {
        Notification n = direct(5);
        DeliveryQueue dying = f.node(4).deliveryQueue();
        List<Claimed> lost = dying.claim(now, LEASE, 5);
        endHeldSessions();

        DeliveryQueue other = f.db.deliveryQueue();
        List<Claimed> again = other.claim(now, LEASE, 5);
        assertThat(ids(again)).containsExactlyInAnyOrderElementsOf(ids(lost));
        assertThat(again).extracting(Claimed::attempt).containsOnly(1);
        other.finish(delivered(n, again), now);
        EngineFixture.settled(other);
        dying.finish(delivered(n, lost), now); // its transaction is gone: written on its own, finished already

        EngineFixture.settled(dying);
        assertDeliveredOnce(n, 5);
    }

    @Test
    void aClaimHeldTooLongLeasesWhatIsUnderWayAndWritesWhatIsIn() {
        Notification n = direct(3);
        DeliveryQueue node = f.node(4).deliveryQueue();
        List<Claimed> claimed = node.claim(now, LEASE, 3);
        node.finish(delivered(n, claimed.subList(0, 1)), now);

        EngineFixture.await(() -> f.sent(n).counts().delivered() == 1); // settled within SETTLE_MILLIS
        assertThat(node.unsettled()).isZero();
        assertThat(f.db.deliveryQueue().claim(now, LEASE, 10)).as("leased until the claim's lease ends").isEmpty();

        node.finish(delivered(n, claimed.subList(1, 3)), now); // leased: written at once
        assertDeliveredOnce(n, 3);
    }

    @Test
    void claimsBeyondWhatANodeMayHoldLeaseTheOldestAndAllAreDueAgainWhenHandedBack() {
        direct(4);
        DeliveryQueue node = f.node(4).deliveryQueue(); // a pool of 4: one claim held at a time
        List<Claimed> first = node.claim(now, LEASE, 2);
        List<Claimed> second = node.claim(now, LEASE, 2);
        assertThat(ids(second)).hasSize(2).doesNotContainAnyElementsOf(ids(first));
        assertThat(f.db.deliveryQueue().claim(now, LEASE, 10)).as("the first leased, the second held").isEmpty();

        List<Claimed> all = new ArrayList<>(first);
        all.addAll(second);
        node.release(all, now);
        List<Claimed> again = f.db.deliveryQueue().claim(now, LEASE, 10);
        assertThat(ids(again)).containsExactlyInAnyOrderElementsOf(ids(all));
        assertThat(again).extracting(Claimed::attempt).as("handed back: not counted").containsOnly(1);
    }

    /** Ends the sessions idle in a transaction (the claims held), as a dead node's, and waits until they are gone. */
    private void endHeldSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(f.jdbcUrl()); Statement s = c.createStatement()) {
            String held = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    + "AND state = 'idle in transaction'";
            try (ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) " + held)) {
                rs.next();
                assertThat(rs.getInt(1)).as("claims held").isEqualTo(1);
            }
            EngineFixture.await(() -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) " + held)) {
                    rs.next();
                    return rs.getInt(1) == 0;
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }
}
