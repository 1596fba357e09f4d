package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestSecrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PostgreSQL outage, for real: a server of the test's own (never the shared one) is stopped under a running
 * Herald and started again. While it is down every request fails fast with 503, a Twilio body and
 * {@code Retry-After}, and so does {@code /readyz}; once it is back Herald serves again by itself, with no restart.
 */
@Timeout(180)
class PostgresOutageTest {
    /** The most a request may take to answer while the database is down. */
    private static final long FAST_MILLIS = 3_000;
    private static final String MARK = "pii" + UUID.randomUUID().toString().replace("-", "");
    private Path dir;
    private int port;
    private EmbeddedPostgres postgres;
    private TestHerald herald;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("herald-outage");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE herald");
        }
        DbConfig db = DbConfig.parse("jdbc:postgresql://127.0.0.1:" + port + "/herald?user=postgres",
                dir.resolve("data"), 8);
        herald = TestHerald.startOn(dir.resolve("data"), db, null, Sids.next(Sids.ACCOUNT), "outage-token");
    }

    /** The test's own server, on a fixed port and data directory so that it comes back where it was. */
    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
                .setPort(port).start();
    }

    @AfterEach
    void stop() throws IOException {
        if (herald != null) {
            herald.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        TestHerald.deleteTree(dir);
    }

    @Test
    void whileTheDatabaseIsDownRequestsFailFastWith503AndServingResumesWhenItIsBack() throws Exception {
        RawHttp http = new RawHttp(herald);
        String service = http.post("/v1/Services", "FriendlyName=outage").json().get("sid").asText();
        String binding = create(http, service, "before").json().get("sid").asText();
        RawHttp stranger = new RawHttp(herald.baseUrl(), Sids.next(Sids.ACCOUNT), "not-cached-" + MARK);
        List<Supplier<RawHttp.Reply>> requests = List.of(
                () -> http.get("/v1/Services/" + service),
                () -> http.get("/v1/Services/" + service + "/Bindings?Identity=person-" + MARK),
                () -> http.get("/v1/Services/" + service + "/Bindings/" + binding),
                () -> create(http, service, "during"),
                () -> http.post("/v1/Credentials", RawHttp.form("Type", "fcm", "Secret",
                        TestSecrets.serviceAccount("outage", "secret-" + MARK))),
                () -> stranger.get("/v1/Services"));

        try (LogCapture log = LogCapture.start()) {
            postgres.close();
            postgres = null;
            for (int round = 0; round < 3; round++) {
                for (Supplier<RawHttp.Reply> request : requests) {
                    assertFast503(request);
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> racing = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    Supplier<RawHttp.Reply> request = requests.get(i % requests.size());
                    racing.add(pool.submit(() -> assertFast503(request)));
                }
                for (Future<?> future : racing) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            log.assertNoneContain(List.of(MARK, herald.authToken()));
        }

        postgres = startPostgres();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RawHttp.Reply reply = http.get("/v1/Services/" + service + "/Bindings/" + binding);
        while (reply.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            reply = http.get("/v1/Services/" + service + "/Bindings/" + binding);
        }
        assertThat(reply.status()).as("after the restart: %s", reply.body()).isEqualTo(200);
        assertThat(create(http, service, "after").status()).isEqualTo(201);
        assertThat(http.get("/v1/Services/" + service + "/Bindings").json().get("bindings")).hasSize(2);
    }

    @Test
    void whileTheDatabaseIsDownReadyzAnswers503WithAReasonAndReadyAgainWhenItIsBack() throws Exception {
        RawHttp probe = new RawHttp(herald.baseUrl(), null, null);
        assertThat(probe.get("/readyz").status()).isEqualTo(200);
        postgres.close();
        postgres = null;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            RawHttp.Reply reply = probe.get("/readyz");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(FAST_MILLIS);
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.json().get("status").asText()).isEqualTo("unavailable");
            assertThat(reply.json().get("reason").asText()).isEqualTo("the database cannot be reached");
            assertThat(reply.header("Retry-After")).isEqualTo("1");
        }
        assertThat(probe.get("/healthz").status()).isEqualTo(200); // the process is alive all the same

        postgres = startPostgres();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RawHttp.Reply reply = probe.get("/readyz");
        while (reply.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            reply = probe.get("/readyz");
        }
        assertThat(reply.status()).as("after the restart: %s", reply.body()).isEqualTo(200);
    }

    private static RawHttp.Reply create(RawHttp http, String service, String name) {
        return http.post("/v1/Services/" + service + "/Bindings", RawHttp.form("Identity", "person-" + MARK,
                "BindingType", "fcm", "Address", name + "-address-" + MARK));
    }

    private static void assertFast503(Supplier<RawHttp.Reply> request) {
        long start = System.nanoTime();
        RawHttp.Reply reply = request.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(503);
        assertThat(reply.json().get("code").asInt()).isEqualTo(20503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(millis).as("milliseconds to answer 503").isLessThan(FAST_MILLIS);
    }
}
