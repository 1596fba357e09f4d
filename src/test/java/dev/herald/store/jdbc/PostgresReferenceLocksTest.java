package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.Account;
import dev.herald.domain.Binding;
import dev.herald.domain.BindingStore.InsertResult;
import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialStore.DeleteResult;
import dev.herald.domain.CredentialType;
import dev.herald.domain.IdempotencyKey;
import dev.herald.domain.Notification;
import dev.herald.domain.NotificationStore;
import dev.herald.domain.Priority;
import dev.herald.domain.Service;
import dev.herald.domain.ServiceStore.WriteResult;
import dev.herald.domain.Sids;
import dev.herald.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The interleavings behind the delete races, played one at a time on PostgreSQL: another transaction (a raw
 * connection) writes and holds its locks, the store's operation starts and waits for them, the other transaction
 * ends, and the store's answer is the one its order means, never a foreign-key failure.
 */
@Timeout(60)
class PostgresReferenceLocksTest {
    private static final long NOW = 1_700_000_000L;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private String url;
    private Database db;
    private Connection other;
    private final String account = Sids.next(Sids.ACCOUNT);
    private final String credential = Sids.next(Sids.CREDENTIAL);
    private final String service = Sids.next(Sids.SERVICE);

    @BeforeEach
    void open() throws SQLException {
        url = TestDatabases.newPostgresDatabase();
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 3);
        db = Database.openPostgres(url, null, null, 4, key);
        db.accounts().upsert(new Account(account, "hash", NOW));
        db.credentials().insert(new Credential(credential, account, null, CredentialType.APN,
                new CredentialSecrets(null, null, null, null, null), NOW, NOW));
        assertThat(db.services().insert(Service.builder(service, account, NOW).build()))
                .isInstanceOf(WriteResult.Written.class);
        other = DriverManager.getConnection(url);
        other.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        pool.shutdownNow();
        other.close();
        db.close();
    }

    @Test
    void aCredentialDeleteWaitsForABindingBeingCreatedWithItAndIsRefused() throws Exception {
        otherRuns("INSERT INTO bindings (sid, service_sid, account_sid, credential_sid, identity, binding_type, address, "
                + "tags, date_created, date_updated) VALUES ('" + Sids.next(Sids.BINDING) + "', '" + service + "', '"
                + account + "', '" + credential + "', 'alice', 'apn', 'device', '[]', 1, 1)");
        assertThat(afterOtherCommits(() -> db.credentials().delete(account, credential)))
                .isEqualTo(DeleteResult.IN_USE);
    }

    @Test
    void aCredentialDeleteWaitsForAServiceBeingUpdatedToNameItAndIsRefused() throws Exception {
        otherRuns("UPDATE services SET apn_credential_sid = '" + credential + "' WHERE sid = '" + service + "'");
        assertThat(afterOtherCommits(() -> db.credentials().delete(account, credential)))
                .isEqualTo(DeleteResult.IN_USE);
    }

    @Test
    void aCredentialDeleteGoesAheadWhenTheWriteNamingItRollsBack() throws Exception {
        otherRuns("UPDATE services SET apn_credential_sid = '" + credential + "' WHERE sid = '" + service + "'");
        Future<DeleteResult> delete = pool.submit(() -> db.credentials().delete(account, credential));
        TestDatabases.awaitWaitingForALock(url);
        other.rollback();
        assertThat(delete.get(20, TimeUnit.SECONDS)).isEqualTo(DeleteResult.DELETED);
    }

    @Test
    void aBindingCreateWaitsForTheDeleteOfItsCredentialAndFindsItMissing() throws Exception {
        otherRuns("DELETE FROM credentials WHERE sid = '" + credential + "'");
        assertThat(afterOtherCommits(() -> db.bindings().insert(binding(credential), 20)))
                .isInstanceOf(InsertResult.CredentialMissing.class);
    }

    @Test
    void aBindingCreateWaitsForTheDeleteOfItsServiceAndFindsItMissing() throws Exception {
        otherRuns("DELETE FROM services WHERE sid = '" + service + "'");
        assertThat(afterOtherCommits(() -> db.bindings().insert(binding(null), 20)))
                .isInstanceOf(InsertResult.ServiceMissing.class);
    }

    /** A send to a query is one statement ({@link Transactor#writeStatement}); with a token, a transaction. */
    @Test
    void aSendWaitsForTheDeleteOfItsServiceAndFindsItMissing() throws Exception {
        otherRuns("DELETE FROM services WHERE sid = '" + service + "'");
        assertThat(afterOtherCommits(() -> db.notifications().insert(notification(), null)))
                .isInstanceOf(NotificationStore.InsertResult.ServiceMissing.class);
    }

    @Test
    void aSendWithATokenWaitsForTheDeleteOfItsServiceAndFindsItMissing() throws Exception {
        otherRuns("DELETE FROM services WHERE sid = '" + service + "'");
        assertThat(afterOtherCommits(() -> db.notifications().insert(notification(),
                new IdempotencyKey("token", "fingerprint"))))
                .isInstanceOf(NotificationStore.InsertResult.ServiceMissing.class);
    }

    @Test
    void aSendGoesAheadWhenTheDeleteOfItsServiceRollsBack() throws Exception {
        Notification sent = notification();
        otherRuns("DELETE FROM services WHERE sid = '" + service + "'");
        Future<NotificationStore.InsertResult> send = pool.submit(() -> db.notifications().insert(sent, null));
        TestDatabases.awaitWaitingForALock(url);
        other.rollback();
        assertThat(send.get(20, TimeUnit.SECONDS)).isEqualTo(new NotificationStore.InsertResult.Inserted(sent));
        assertThat(db.notifications().find(account, service, sent.sid())).isPresent();
    }

    @Test
    void aServiceCreateWaitsForTheDeleteOfItsCredentialAndFindsItMissing() throws Exception {
        otherRuns("DELETE FROM credentials WHERE sid = '" + credential + "'");
        Service named = Service.builder(Sids.next(Sids.SERVICE), account, NOW).apnCredentialSid(credential).build();
        assertThat(afterOtherCommits(() -> db.services().insert(named)))
                .isEqualTo(new WriteResult.CredentialMissing(credential));
    }

    @Test
    void aServiceUpdateWaitsForTheDeleteOfItsCredentialAndFindsItMissing() throws Exception {
        otherRuns("DELETE FROM credentials WHERE sid = '" + credential + "'");
        assertThat(afterOtherCommits(() -> db.services().update(account, service,
                s -> s.toBuilder().apnCredentialSid(credential).build())))
                .isEqualTo(new WriteResult.CredentialMissing(credential));
    }

    @Test
    void concurrentServiceUpdatesTakeTurnsAndLoseNoChange() throws Exception {
        otherRuns("UPDATE services SET friendly_name = 'renamed elsewhere' WHERE sid = '" + service + "'");
        WriteResult result = afterOtherCommits(() -> db.services().update(account, service,
                s -> s.toBuilder().logEnabled(false).build()));
        Service updated = ((WriteResult.Written) result).service();
        assertThat(updated.friendlyName()).isEqualTo("renamed elsewhere");
        assertThat(db.services().find(account, service).orElseThrow())
                .returns("renamed elsewhere", Service::friendlyName).returns(false, Service::logEnabled);
    }

    /** Two updates of one Credential (a rename, a new secret) both survive: the second read the first's result. */
    @Test
    void concurrentCredentialUpdatesTakeTurnsAndLoseNoChange() throws Exception {
        otherRuns("UPDATE credentials SET friendly_name = 'renamed elsewhere' WHERE sid = '" + credential + "'");
        Credential updated = afterOtherCommits(() -> db.credentials().update(account, credential,
                c -> new Credential(c.sid(), c.accountSid(), c.friendlyName(), c.type(),
                        new CredentialSecrets("cert", null, null, null, null), c.dateCreated(), NOW + 1)))
                .orElseThrow();
        assertThat(updated.friendlyName()).isEqualTo("renamed elsewhere");
        assertThat(db.credentials().find(account, credential).orElseThrow())
                .returns("renamed elsewhere", Credential::friendlyName)
                .returns("cert", c -> c.secrets().certificate());
    }

    private Notification notification() {
        return new Notification(Sids.next(Sids.NOTIFICATION), account, service, NOW, List.of("bob"), List.of(),
                List.of(), Priority.HIGH, 3600, null, "body", null, null, null, null, null, null, null, null, null,
                List.of(), null);
    }

    private Binding binding(String credentialSid) {
        return new Binding(Sids.next(Sids.BINDING), account, service, credentialSid, "bob", BindingType.APN,
                "bob-device", List.of("t"), "3", null, NOW, NOW);
    }

    /** Runs {@code sql} in the other transaction, which keeps its locks until it commits or rolls back. */
    private void otherRuns(String sql) throws SQLException {
        try (Statement statement = other.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Starts {@code operation}, sees it wait for the other transaction's locks, commits that, and answers. */
    private <T> T afterOtherCommits(Callable<T> operation) throws Exception {
        Future<T> result = pool.submit(operation);
        TestDatabases.awaitWaitingForALock(url);
        other.commit();
        return result.get(20, TimeUnit.SECONDS);
    }
}
