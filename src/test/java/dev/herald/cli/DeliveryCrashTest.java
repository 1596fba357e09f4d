package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.Herald;
import dev.herald.config.DbConfig;
import dev.herald.delivery.EngineSettings;
import dev.herald.domain.Accounts;
import dev.herald.domain.Bindings;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.Credentials;
import dev.herald.domain.NewBinding;
import dev.herald.domain.ServiceChanges;
import dev.herald.domain.Services;
import dev.herald.domain.Sids;
import dev.herald.testing.FakeApns;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestPki;
import dev.herald.testing.TestSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At-least-once delivery through a crash: a send to 10,000 Bindings in sandbox mode, the server killed with
 * SIGKILL (or stopped with SIGTERM) while it delivers, started again: every Binding then has exactly one delivery
 * record, delivered; after SIGKILL the attempts beyond one are no more than one claim batch (the deliveries
 * claimed when the process died), after SIGTERM there are none. The same through live APNs (Pushy's
 * MockApnsServer): every device token reaches the server at least once, duplicates within one claim batch.
 */
@Timeout(300)
class DeliveryCrashTest {
    private static final int BINDINGS = 10_000;
    /** The engine's batch on the database under test (Herald.start's choice): what a crash repeats at most. */
    private static final int CLAIM_BATCH = TestDatabases.postgres() ? EngineSettings.POSTGRES_BATCH
            : EngineSettings.SQLITE_BATCH;
    private Path dir;
    private Path data;
    private String dbUrl;
    private final List<HeraldProcess> processes = new ArrayList<>();
    /** The fake APNs of the live test, else null. */
    private FakeApns apns;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-crash");
        data = dir.resolve("data");
        dbUrl = TestDatabases.freshUrl();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(HeraldProcess::close);
        if (apns != null) {
            apns.close();
        }
        TestHerald.deleteTree(dir);
    }

    @Test
    void aSendKilledMidDeliveryEndsWithOneDeliveredRecordPerBinding() throws Exception {
        long attempts = interruptMidDelivery(HeraldProcess::kill);
        assertThat(attempts - BINDINGS).as("attempts beyond one").isBetween(0L, (long) CLAIM_BATCH);
    }

    /**
     * SQLite only: what the database adds to at-least-once (claims, leases, outcomes after a crash) is the sandbox
     * test's on both engines; this one adds the live channel, the same on both, and took two minutes of CI on PostgreSQL.
     */
    @Test
    void anApnsSendKilledMidDeliveryReachesEveryTokenAtLeastOnce() throws Exception {
        Assumptions.assumeFalse(TestDatabases.postgres(), "the live channel's crash is tested on SQLite only");
        apns = new FakeApns();
        long attempts = interruptMidDelivery(HeraldProcess::kill);
        List<FakeApns.Received> received = apns.received();
        Set<String> tokens = new HashSet<>();
        received.forEach(r -> tokens.add(r.token()));
        assertThat(tokens).as("device tokens that reached APNs").hasSize(BINDINGS);
        assertThat(received.size() - BINDINGS).as("duplicates at APNs").isBetween(0, CLAIM_BATCH);
        assertThat(attempts - BINDINGS).as("attempts beyond one").isBetween(0L, (long) CLAIM_BATCH);
    }

    /** SIGTERM: attempts in flight finish, the rest go back unattempted: one attempt per Binding, none lost. */
    @Test
    void aSendStoppedBySigtermMidDeliveryLosesNothingAndRepeatsNothing() throws Exception {
        long attempts = interruptMidDelivery(herald -> {
            herald.terminate();
            assertThat(herald.waitFor(30)).as("exit code after SIGTERM").isZero();
        });
        assertThat(attempts).isEqualTo(BINDINGS);
    }

    /**
     * Sends to every Binding, stops the server with {@code stop} once some deliveries are done, starts it again,
     * waits for the send to be done, checks one delivered record per Binding, and answers the attempts in all.
     */
    private long interruptMidDelivery(java.util.function.Consumer<HeraldProcess> stop) throws Exception {
        String account = Sids.next(Sids.ACCOUNT);
        String service = fill(account);
        Map<String, String> env = new HashMap<>(Map.of("HERALD_ACCOUNT_SID", account, "HERALD_AUTH_TOKEN", "secret",
                "HERALD_DELIVERY", apns == null ? "sandbox" : "live", "HERALD_DELIVERY_LEASE", "2s"));
        if (apns != null) {
            Path trust = dir.resolve("apns-trust.pem");
            Files.writeString(trust, TestPki.pem(apns.trust()));
            env.put("HERALD_APNS_ENDPOINT", "localhost:" + apns.port());
            env.put("HERALD_APNS_TRUST", trust.toString());
        }
        if (dbUrl != null) {
            env.put("HERALD_DB_URL", dbUrl);
        }
        HeraldProcess herald = serve(env);
        RawHttp http = new RawHttp(herald.baseUrl(), account, "secret");
        RawHttp.Reply sent = http.post("/v1/Services/" + service + "/Notifications", "Tag=all&Body=crash&Title=t");
        assertThat(sent.status()).isEqualTo(201);
        String path = "/v1/Services/" + service + "/Notifications/" + sent.json().get("sid").asText();
        long delivered = 0;
        while (delivered == 0) {
            delivered = http.get(path).json().get("delivery").get("delivered").asLong();
        }
        stop.accept(herald);
        assertThat(delivered).as("delivered when stopped").isLessThan(BINDINGS);

        HeraldProcess restarted = serve(env);
        RawHttp after = new RawHttp(restarted.baseUrl(), account, "secret");
        JsonNode counts = Sends.awaitDone(after, path, 120);
        assertThat(counts.get("total").asLong()).isEqualTo(BINDINGS);
        assertThat(counts.get("delivered").asLong()).isEqualTo(BINDINGS);

        Set<String> bindings = new HashSet<>();
        long attempts = 0;
        List<JsonNode> deliveries = Sends.deliveries(after, path, "");
        for (JsonNode d : deliveries) {
            bindings.add(d.get("binding_sid").asText());
            assertThat(d.get("status").asText()).isEqualTo("delivered");
            if (apns == null) {
                assertThat(d.get("request").get("body").get("message").get("data").get("twi_body").asText())
                        .isEqualTo("crash");
            }
            attempts += d.get("attempts").asLong();
        }
        assertThat(deliveries).hasSize(BINDINGS);
        assertThat(bindings).hasSize(BINDINGS);
        return attempts;
    }

    /**
     * The account, a Credential, a Service and 10,000 Bindings, written in-process before Herald starts: fcm for the
     * sandbox, apn (a push certificate the fake APNs trusts) for the live test.
     */
    private String fill(String account) throws Exception {
        DbConfig db = DbConfig.parse(dbUrl, data, 8);
        return Herald.withDatabase(db, data, database -> {
            Clock clock = Clock.systemUTC();
            new Accounts(database.accounts(), clock).ensure(account, "secret");
            Credentials credentials = new Credentials(database.credentials(), clock);
            String service;
            if (apns == null) {
                Credential fcm = credentials.create(account, "fcm", null,
                        new CredentialSecrets(null, null, null, null, TestSecrets.serviceAccount("crash-test")));
                service = new Services(database.services(), database.credentials(), clock)
                        .create(account, ServiceChanges.builder().fcmCredentialSid(fcm.sid()).build()).sid();
            } else {
                TestPki.Issued push = TestPki.client(apns.clientAuthority(),
                        "UID=com.example.crash, CN=Apple Push Services: com.example.crash", Duration.ofDays(1));
                Credential apn = credentials.create(account, "apn", null,
                        new CredentialSecrets(push.certificatePem(), push.keyPem(), true, null, null));
                service = new Services(database.services(), database.credentials(), clock)
                        .create(account, ServiceChanges.builder().apnCredentialSid(apn.sid()).build()).sid();
            }
            String type = apns == null ? "fcm" : "apn";
            Bindings bindings = new Bindings(database.services(), database.credentials(), database.bindings(), clock);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int i = first; i < BINDINGS; i += 8) {
                        bindings.create(account, service, NewBinding.builder().identity("user-" + i)
                                .bindingType(type).address(String.format("%064x", i)).build());
                    }
                }));
            }
            try {
                for (Future<?> f : work) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                pool.shutdown();
            }
            return service;
        });
    }

    private HeraldProcess serve(Map<String, String> env) {
        HeraldProcess process = HeraldProcess.serve(data, env);
        processes.add(process);
        return process;
    }
}
