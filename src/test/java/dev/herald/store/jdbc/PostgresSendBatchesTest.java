package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.Account;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import dev.herald.domain.Service;
import dev.herald.domain.Sids;
import dev.herald.domain.StoreException;
import dev.herald.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends stored together on PostgreSQL. The one writer's pool has one connection, which the test holds: a first send
 * keeps the writer waiting for it while the next sends queue; once it is given back, those are stored by one
 * statement.
 */
@Timeout(60)
class PostgresSendBatchesTest {
    private static final long NOW = 1_700_000_000L;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String account = Sids.next(Sids.ACCOUNT);
    private final String locked = Sids.next(Sids.SERVICE);
    private final String open = Sids.next(Sids.SERVICE);
    private String url;
    private Database db;
    private PooledTransactor tx;
    private SendBatches sends;
    private Connection other;

    @BeforeEach
    void open() throws SQLException {
        url = TestDatabases.newPostgresDatabase();
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        db = Database.openPostgres(url, null, null, 4, key);
        db.accounts().upsert(new Account(account, "hash", NOW));
        db.services().insert(Service.builder(locked, account, NOW).build());
        db.services().insert(Service.builder(open, account, NOW).build());
        tx = new PooledTransactor(url, null, null, 1);
        sends = new SendBatches(tx, 1);
        other = DriverManager.getConnection(url);
        other.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        threads.shutdownNow();
        other.close();
        sends.close();
        tx.close();
        db.close();
    }

    @Test
    void sendsThatWaitTogetherAreStoredByOneStatementEachAsItsServiceAllows() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = holdTheWriter(release);
        List<Notification> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(notification(Sids.next(Sids.NOTIFICATION), account, open));
        }
        queued.add(notification(Sids.next(Sids.NOTIFICATION), account, Sids.next(Sids.SERVICE))); // no such Service
        queued.add(notification(Sids.next(Sids.NOTIFICATION), Sids.next(Sids.ACCOUNT), open)); // another account's
        List<Future<Boolean>> answers = queue(queued);
        release.countDown();

        assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < queued.size(); i++) {
            assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).as("send %d", i).isEqualTo(i < 10);
            assertThat(stored(queued.get(i).sid())).as("send %d", i).isEqualTo(i < 10);
        }
        assertThat(sends.statements()).isEqualTo(2);
    }

    @Test
    void aSendTheDatabaseRefusesFailsAloneAndTheOthersAreStored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = holdTheWriter(release);
        List<Notification> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(notification(Sids.next(Sids.NOTIFICATION), account, open));
        }
        queued.add(notification("NT" + "0".repeat(40), account, open)); // longer than the column
        List<Future<Boolean>> answers = queue(queued);
        release.countDown();

        assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stored(queued.get(i).sid())).isTrue();
        }
        assertThatThrownBy(() -> answers.get(4).get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StoreException.class).returns(false, e -> ((StoreException) e).busy());
        assertThat(sends.statements()).isEqualTo(1 + 1 + queued.size()); // the first, the batch, then one each
    }

    /** A Service a transaction is deleting is skipped: its send is left to be stored alone, and others go on. */
    @Test
    void aSendWhoseServiceIsLockedIsLeftOutWithoutWaiting() throws Exception {
        try (Statement statement = other.createStatement()) {
            statement.execute("DELETE FROM services WHERE sid = '" + locked + "'");
        }
        Notification toLocked = notification(Sids.next(Sids.NOTIFICATION), account, locked);
        assertThat(threads.submit(() -> sends.insert(toLocked)).get(20, TimeUnit.SECONDS)).isFalse();
        Notification toOpen = notification(Sids.next(Sids.NOTIFICATION), account, open);
        assertThat(threads.submit(() -> sends.insert(toOpen)).get(20, TimeUnit.SECONDS)).isTrue();
        other.rollback();
        assertThat(db.notifications().find(account, locked, toLocked.sid())).isEmpty();
        assertThat(stored(toOpen.sid())).isTrue();
    }

    @Test
    void aSendAfterCloseFails() {
        sends.close();
        assertThatThrownBy(() -> sends.insert(notification(Sids.next(Sids.NOTIFICATION), account, open)))
                .isInstanceOf(StoreException.class);
    }

    /**
     * Holds the pool's one connection until {@code release}, sends once the writer waits for it, and answers that
     * send, which the writer has taken.
     */
    private Future<Boolean> holdTheWriter(CountDownLatch release) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        threads.submit(() -> tx.read(h -> {
            held.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> first = threads.submit(() -> sends.insert(notification(Sids.next(Sids.NOTIFICATION),
                account, open)));
        for (int i = 0; i < 1000 && tx.figures().waiting() == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(tx.figures().waiting()).as("the writer waits for the connection").isEqualTo(1);
        return first;
    }

    /** Sends each of {@code notifications} from a thread of its own, and waits until all are queued. */
    private List<Future<Boolean>> queue(List<Notification> notifications) throws InterruptedException {
        List<Future<Boolean>> answers = new ArrayList<>();
        for (Notification n : notifications) {
            answers.add(threads.submit(() -> sends.insert(n)));
        }
        for (int i = 0; i < 1000 && sends.waiting() < notifications.size(); i++) {
            Thread.sleep(10);
        }
        assertThat(sends.waiting()).isEqualTo(notifications.size());
        return answers;
    }

    private boolean stored(String sid) {
        return db.notifications().find(account, open, sid).isPresent();
    }

    private static Notification notification(String sid, String account, String service) {
        return new Notification(sid, account, service, NOW, List.of("bob"), List.of(), List.of(), Priority.HIGH,
                3600, null, "body", null, null, null, null, null, null, null, null, null, List.of(), null);
    }
}
