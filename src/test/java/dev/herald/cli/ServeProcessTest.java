package dev.herald.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Herald;
import dev.herald.config.DbConfig;
import dev.herald.domain.Account;
import dev.herald.domain.Sids;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.StringReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Herald as an operator runs it: a separate process, started, stopped (SIGTERM) and killed (SIGKILL). */
@Timeout(180)
class ServeProcessTest {
    private Path dir;
    private Path data;
    private final List<HeraldProcess> processes = new ArrayList<>();

    private String dbUrl;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-process");
        data = dir.resolve("data");
        dbUrl = TestDatabases.freshUrl();
    }

    /** {@code env} plus {@code HERALD_DB_URL} when the tests run on PostgreSQL. */
    private Map<String, String> withDb(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        if (dbUrl != null) {
            all.put("HERALD_DB_URL", dbUrl);
        }
        return all;
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(HeraldProcess::close);
        TestHerald.deleteTree(dir);
    }

    private HeraldProcess serve(Map<String, String> env) {
        HeraldProcess process = HeraldProcess.serve(data, withDb(env));
        processes.add(process);
        return process;
    }

    private static Map<String, String> account(String sid, String token) {
        return Map.of("HERALD_ACCOUNT_SID", sid, "HERALD_AUTH_TOKEN", token);
    }

    @Test
    void firstStartCreatesAnAccountAndWritesItsCredentialsPrivately() throws IOException {
        HeraldProcess herald = serve(Map.of());
        Path file = data.resolve("credentials.env");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key"))))
                .isEqualTo("rw-------");
        Properties credentials = new Properties();
        credentials.load(new StringReader(Files.readString(file)));
        String sid = credentials.getProperty("account_sid");
        String token = credentials.getProperty("auth_token");
        assertThat(Sids.isValid(Sids.ACCOUNT, sid)).isTrue();
        assertThat(herald.output()).contains(sid).contains(file.toString()).doesNotContain(token);
        assertThat(new RawHttp(herald.baseUrl(), sid, token).get("/v1/Services").status()).isEqualTo(200);

        herald.terminate();
        herald.waitFor(30);
        String before = Files.readString(file);
        HeraldProcess again = serve(Map.of());
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(again.output()).doesNotContain("Created account");
        assertThat(new RawHttp(again.baseUrl(), sid, token).get("/v1/Services").status()).isEqualTo(200);
    }

    @Test
    void anAccountWithoutASealedTokenIsWarnedAboutUntilSetTokenSetsIt() throws Exception {
        String sid = Sids.next(Sids.ACCOUNT);
        DbConfig db = DbConfig.parse(dbUrl, data, 2);
        // an account as Herald stored it before it kept tokens sealed: the token's hash alone
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest("old-token".getBytes(UTF_8));
        Herald.withDatabase(db, data, d -> {
            d.accounts().upsert(new Account(sid, java.util.HexFormat.of().formatHex(hash), 0));
            return null;
        });
        HeraldProcess warned = serve(Map.of());
        warned.terminate();
        warned.waitFor(30);
        assertThat(warned.output()).contains("1 account(s) were created before Herald kept auth tokens sealed");

        Path stdin = dir.resolve("token.txt");
        Files.writeString(stdin, "  new-token\n");
        HeraldProcess set = HeraldProcess.run(data, withDb(Map.of()), stdin, null, "accounts", "set-token", sid,
                "--data", data.toString());
        processes.add(set);
        assertThat(set.waitFor(60)).as(set.output()).isZero();
        assertThat(set.output()).contains("account_sid=" + sid).doesNotContain("new-token");
        java.util.Optional<String> kept = Herald.withAccounts(db, data, a -> a.authToken(sid));
        boolean authenticates = Herald.withAccounts(db, data, a -> a.authenticate(sid, "new-token"));
        assertThat(kept).contains("new-token");
        assertThat(authenticates).isTrue();
        HeraldProcess quiet = serve(Map.of());
        quiet.terminate();
        quiet.waitFor(30);
        assertThat(quiet.output()).doesNotContain("were created before Herald kept auth tokens");

        Files.writeString(stdin, "\n");
        HeraldProcess empty = HeraldProcess.run(data, withDb(Map.of()), stdin, null, "accounts", "set-token", sid,
                "--data", data.toString());
        processes.add(empty);
        assertThat(empty.waitFor(60)).isEqualTo(2);
        assertThat(empty.output().strip()).isEqualTo("herald: Standard input holds no auth token (one line is read).");
    }

    @Test
    void accountsCreatePrintsANewWorkingAccount() {
        HeraldProcess create = HeraldProcess.run(data, withDb(Map.of()), "accounts", "create", "--data", data.toString());
        processes.add(create);
        assertThat(create.waitFor(60)).as(create.output()).isZero();
        Properties printed = new Properties();
        try {
            printed.load(new StringReader(create.output()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String sid = printed.getProperty("account_sid");
        String token = printed.getProperty("auth_token");
        assertThat(Sids.isValid(Sids.ACCOUNT, sid)).as(create.output()).isTrue();
        assertThat(token).matches("[0-9a-f]{32}");

        HeraldProcess herald = serve(account(Sids.next(Sids.ACCOUNT), "operator-token"));
        assertThat(new RawHttp(herald.baseUrl(), sid, token).get("/v1/Services").status()).isEqualTo(200);
        assertThat(new RawHttp(herald.baseUrl(), sid, "not-it").get("/v1/Services").status()).isEqualTo(401);
    }

    @Test
    void theConfiguredAccountIsEnsuredWithItsCurrentToken() {
        String sid = Sids.next(Sids.ACCOUNT);
        HeraldProcess first = serve(account(sid, "token-one"));
        assertThat(new RawHttp(first.baseUrl(), sid, "token-one").get("/v1/Services").status()).isEqualTo(200);
        first.terminate();
        first.waitFor(30);

        HeraldProcess second = serve(account(sid, "token-two"));
        assertThat(new RawHttp(second.baseUrl(), sid, "token-two").get("/v1/Services").status()).isEqualTo(200);
        assertThat(new RawHttp(second.baseUrl(), sid, "token-one").get("/v1/Services").status()).isEqualTo(401);
        assertThat(data.resolve("credentials.env")).doesNotExist();
    }

    @Test
    void invalidConfigurationFailsWithOneLine() {
        HeraldProcess half = HeraldProcess.run(data, Map.of("HERALD_ACCOUNT_SID", Sids.next(Sids.ACCOUNT)),
                "serve", "--port", "0", "--data", data.toString());
        processes.add(half);
        assertThat(half.waitFor(60)).isEqualTo(2);
        assertThat(half.output().strip()).isEqualTo("herald: HERALD_ACCOUNT_SID and HERALD_AUTH_TOKEN must be set together.");

        HeraldProcess port = HeraldProcess.run(data, Map.of(), "serve", "--port", "70000", "--data", data.toString());
        processes.add(port);
        assertThat(port.waitFor(60)).isEqualTo(2);
        assertThat(port.output().strip()).isEqualTo("herald: The port must be between 0 and 65535, not 70000.");

        HeraldProcess threads = HeraldProcess.run(data, Map.of(), "serve", "--port", "0", "--data", data.toString(),
                "--http-threads", "4");
        processes.add(threads);
        assertThat(threads.waitFor(60)).isEqualTo(2);
        assertThat(threads.output().strip()).isEqualTo("herald: The HTTP threads must be between 8 and 10000, not 4.");

        HeraldProcess trust = HeraldProcess.run(data, Map.of("HERALD_APNS_TRUST", data.resolve("none.pem").toString()),
                "serve", "--port", "0", "--data", data.toString());
        processes.add(trust);
        assertThat(trust.waitFor(60)).isEqualTo(2);
        assertThat(trust.output().strip()).startsWith("herald: The APNs trust file ").endsWith(" cannot be read "
                + "(NoSuchFileException).").doesNotContain("\n");
    }

    @Test
    void migrateAppliesTheSchemaWithoutServingAndAWrongMasterKeyIsRefused() {
        HeraldProcess migrate = HeraldProcess.run(data, withDb(Map.of()), "migrate", "--data", data.toString());
        processes.add(migrate);
        assertThat(migrate.waitFor(60)).as(migrate.output()).isZero();
        assertThat(migrate.output()).contains("is up to date");
        HeraldProcess again = HeraldProcess.run(data, withDb(Map.of()), "migrate", "--data", data.toString());
        processes.add(again);
        assertThat(again.waitFor(60)).as(again.output()).isZero();

        String otherKey = java.util.HexFormat.of().formatHex(new byte[32]);
        HeraldProcess wrongKey = HeraldProcess.run(data, withDb(Map.of("HERALD_MASTER_KEY", otherKey)),
                "serve", "--port", "0", "--data", data.toString());
        processes.add(wrongKey);
        assertThat(wrongKey.waitFor(60)).isEqualTo(2);
        assertThat(wrongKey.output().strip()).startsWith("herald: The master key is not the one this database's "
                + "Credential secrets were sealed with");
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        String sid = Sids.next(Sids.ACCOUNT);
        HeraldProcess herald = serve(account(sid, "secret"));
        RawHttp http = new RawHttp(herald.baseUrl(), sid, "secret");
        String service = http.post("/v1/Services", "FriendlyName=durable").json().get("sid").asText();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            writers.submit(() -> {
                while (!stop.get()) {
                    int n = counter.incrementAndGet();
                    try {
                        RawHttp.Reply reply = http.post("/v1/Services/" + service + "/Bindings",
                                RawHttp.form("Identity", "user-" + n, "BindingType", "fcm", "Address", "addr-" + n,
                                        "Tag", "crash"));
                        if (reply.status() == 201) {
                            acknowledged.add(reply.json().get("sid").asText());
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        while (acknowledged.size() < 300) {
            Thread.sleep(20);
        }
        herald.kill();
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        HeraldProcess restarted = serve(account(sid, "secret"));
        RawHttp after = new RawHttp(restarted.baseUrl(), sid, "secret");
        for (String binding : acknowledged) {
            assertThat(after.get("/v1/Services/" + service + "/Bindings/" + binding).status())
                    .as("acknowledged Binding %s", binding).isEqualTo(200);
        }
        assertThat(countBindings(after, service)).isGreaterThanOrEqualTo(acknowledged.size());
    }

    @Test
    void sigtermFinishesRequestsInFlightAndLosesNothing() throws Exception {
        String sid = Sids.next(Sids.ACCOUNT);
        HeraldProcess herald = serve(account(sid, "secret"));
        RawHttp http = new RawHttp(herald.baseUrl(), sid, "secret");
        String service = http.post("/v1/Services", "FriendlyName=graceful").json().get("sid").asText();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            writers.submit(() -> {
                while (true) {
                    int n = counter.incrementAndGet();
                    try {
                        RawHttp.Reply reply = http.post("/v1/Services/" + service + "/Bindings",
                                RawHttp.form("Identity", "user-" + n, "BindingType", "apn", "Address", "tok-" + n));
                        if (reply.status() == 201) {
                            acknowledged.add(reply.json().get("sid").asText());
                        } else if (reply.status() >= 500) {
                            throw new AssertionError("5xx during shutdown: " + reply.body());
                        }
                    } catch (RuntimeException serverGone) {
                        return;
                    }
                }
            });
        }
        while (acknowledged.size() < 100) {
            Thread.sleep(20);
        }
        if (dbUrl == null) {
            assertThat(herald.libraryDir()).as("the SQLite driver's copy of its library").isNotEmptyDirectory();
        }
        herald.terminate();
        assertThat(herald.waitFor(30)).isZero();
        assertThat(herald.libraryDir()).as("left after the stop").isEmptyDirectory();
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        HeraldProcess restarted = serve(account(sid, "secret"));
        RawHttp after = new RawHttp(restarted.baseUrl(), sid, "secret");
        for (String binding : acknowledged) {
            assertThat(after.get("/v1/Services/" + service + "/Bindings/" + binding).status()).isEqualTo(200);
        }
    }

    private static int countBindings(RawHttp http, String service) {
        int count = 0;
        String next = "/v1/Services/" + service + "/Bindings?PageSize=1000";
        while (next != null) {
            var page = http.get(next).json();
            count += page.get("bindings").size();
            var link = page.get("meta").get("next_page_url");
            next = link.isNull() ? null : link.asText();
        }
        return count;
    }
}
