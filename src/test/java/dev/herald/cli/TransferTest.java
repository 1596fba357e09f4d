package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.Herald;
import dev.herald.config.DbConfig;
import dev.herald.domain.Accounts;
import dev.herald.domain.Sids;
import dev.herald.store.jdbc.transfer.ExportSource;
import dev.herald.store.jdbc.transfer.Transfers;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code herald export} and {@code herald import} as an operator runs them, in separate processes: from a SQLite
 * store into a fresh store of the engine under test (SQLite, or PostgreSQL in the {@code postgres} execution).
 */
@Timeout(180)
class TransferTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path dir;
    private Path source;
    private TestHerald sourceHerald;
    private String accountSid;
    private String authToken;
    private final List<HeraldProcess> processes = new ArrayList<>();
    private final List<TestHerald> servers = new ArrayList<>();

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-transfer");
        source = dir.resolve("source");
        accountSid = Sids.next(Sids.ACCOUNT);
        authToken = UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(HeraldProcess::close);
        servers.forEach(TestHerald::close);
        if (sourceHerald != null) {
            sourceHerald.close();
        }
        TestHerald.deleteTree(dir);
    }

    /** A target store: a data directory and, on PostgreSQL, a new database. */
    private record Target(Path data, String url) {
        DbConfig db() {
            return DbConfig.parse(url, data, 4);
        }

        Map<String, String> env() {
            return url == null ? Map.of() : Map.of("HERALD_DB_URL", url);
        }
    }

    private Target freshTarget(String name, boolean withSourceKey) throws IOException {
        Path data = dir.resolve(name);
        Files.createDirectories(data);
        if (withSourceKey) {
            Files.copy(source.resolve("master.key"), data.resolve("master.key"));
        }
        return new Target(data, TestDatabases.freshUrl());
    }

    private HeraldProcess run(Path data, Map<String, String> env, Path stdin, Path stdout, String... args) {
        HeraldProcess process = HeraldProcess.run(data, env, stdin, stdout, args);
        processes.add(process);
        process.waitFor(120);
        return process;
    }

    private HeraldProcess export(Path data, Map<String, String> env, Path file) {
        HeraldProcess export = run(data, env, null, file, "export", "--data", data.toString());
        assertThat(export.waitFor(1)).as(export.output()).isZero();
        return export;
    }

    private HeraldProcess importInto(Target target, Path file) {
        return run(target.data(), target.env(), file, null, "import", "--data", target.data().toString());
    }

    private Transfers.Counts counts(Target target) {
        return Herald.withDatabase(target.db(), target.data(), db -> Transfers.of(db).counts());
    }

    private static String lastLine(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    // ------------------------------------------------------------------------------------------------ data

    /** What the source holds, as created through the API. */
    private record Fixture(String serviceA, String serviceB, String serviceOther, String apnCredential,
                           String fcmCredential, String otherCredential, Accounts.NewAccount other,
                           String aliceApn, List<String> crowd, int bindings) {
    }

    private Fixture populate() {
        sourceHerald = TestHerald.startOn(source, DbConfig.parse(null, source, 4), null, accountSid, authToken);
        RawHttp http = new RawHttp(sourceHerald.baseUrl(), accountSid, authToken);
        Accounts.NewAccount other = sourceHerald.createAccount();
        RawHttp otherHttp = new RawHttp(sourceHerald.baseUrl(), other.sid(), other.authToken());

        String apn = created(http.post("/v1/Credentials", RawHttp.form("Type", "apn", "FriendlyName", "APN prod",
                "Certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                "PrivateKey", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----", "Sandbox", "true")));
        String fcm = created(http.post("/v1/Credentials", RawHttp.form("Type", "fcm", "FriendlyName", "FCM",
                "Secret", TestSecrets.serviceAccount("transfer", "fcm-server-key"))));
        String gcm = created(otherHttp.post("/v1/Credentials", RawHttp.form("Type", "gcm", "ApiKey", "gcm-key")));

        String serviceA = created(http.post("/v1/Services", RawHttp.form("FriendlyName", "Main app",
                "ApnCredentialSid", apn, "FcmCredentialSid", fcm, "LogEnabled", "false",
                "DeliveryCallbackUrl", "https://example.com/callback", "DeliveryCallbackEnabled", "true",
                "DefaultApnNotificationProtocolVersion", "4", "MessagingServiceSid", Sids.next("MG"),
                "FacebookMessengerPageId", "12345", "AlexaSkillId", "skill-1")));
        String serviceB = created(http.post("/v1/Services", RawHttp.form("FriendlyName", "Ünïcödé ✓")));
        String serviceOther = created(otherHttp.post("/v1/Services", RawHttp.form("FriendlyName", "Other",
                "GcmCredentialSid", gcm)));

        String bindings = "/v1/Services/" + serviceA + "/Bindings";
        String aliceApn = created(http.post(bindings, RawHttp.form("Identity", "alice", "BindingType", "apn",
                "Address", "apn-token-alice", "CredentialSid", apn, "Tag", "vip", "Tag", "beta")));
        created(http.post(bindings, RawHttp.form("Identity", "alice", "BindingType", "sms",
                "Address", "+15555550100", "Tag", "vip", "Endpoint", "endpoint-1")));
        created(http.post(bindings, RawHttp.form("Identity", "bob", "BindingType", "facebook-messenger",
                "Address", "fb-bob", "Tag", "beta")));
        List<String> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            crowd.add(created(http.post(bindings, RawHttp.form("Identity", "crowd", "BindingType", "fcm",
                    "Address", "fcm-crowd-" + i, "CredentialSid", fcm, "Tag", i % 2 == 0 ? "even" : "odd",
                    "Tag", "crowd"))));
        }
        created(http.post("/v1/Services/" + serviceB + "/Bindings", RawHttp.form("Identity", "carol",
                "BindingType", "alexa", "Address", "alexa-carol")));
        created(otherHttp.post("/v1/Services/" + serviceOther + "/Bindings", RawHttp.form("Identity", "dave",
                "BindingType", "gcm", "Address", "gcm-dave", "CredentialSid", gcm, "Tag", "vip")));
        return new Fixture(serviceA, serviceB, serviceOther, apn, fcm, gcm, other, aliceApn, crowd, 25);
    }

    private static String created(RawHttp.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("sid").asText();
    }

    /** Every read an app could make of the fixture, as JSON with the server's own base URL taken out. */
    private static Map<String, String> snapshot(String base, String sid, String token, Fixture f) {
        RawHttp http = new RawHttp(base, sid, token);
        RawHttp other = new RawHttp(base, f.other().sid(), f.other().authToken());
        Map<String, String> views = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>(List.of("/v1/Services", "/v1/Credentials",
                "/v1/Services/" + f.serviceA(), "/v1/Services/" + f.serviceB(),
                "/v1/Credentials/" + f.apnCredential(), "/v1/Credentials/" + f.fcmCredential(),
                "/v1/Services/" + f.serviceA() + "/Bindings?PageSize=1000",
                "/v1/Services/" + f.serviceA() + "/Bindings?PageSize=7",
                "/v1/Services/" + f.serviceA() + "/Bindings?Tag=vip",
                "/v1/Services/" + f.serviceA() + "/Bindings?Tag=crowd&Tag=even",
                "/v1/Services/" + f.serviceA() + "/Bindings?Identity=crowd&PageSize=50",
                "/v1/Services/" + f.serviceA() + "/Bindings?Identity=alice&Tag=beta",
                "/v1/Services/" + f.serviceA() + "/Bindings?Tag=apn",
                "/v1/Services/" + f.serviceA() + "/Bindings/" + f.aliceApn(),
                "/v1/Services/" + f.serviceB() + "/Bindings"));
        for (String path : paths) {
            views.put(path, view(http.get(path), base));
        }
        for (String path : List.of("/v1/Services", "/v1/Credentials", "/v1/Credentials/" + f.otherCredential(),
                "/v1/Services/" + f.serviceOther() + "/Bindings?Tag=vip")) {
            views.put("other " + path, view(other.get(path), base));
        }
        return views;
    }

    private static String view(RawHttp.Reply reply, String base) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.body().replace(base, "BASE");
    }

    private static List<String> dataLines(Path export) throws IOException {
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void everythingMovesToAFreshStoreAndWorksThereAsBefore() throws IOException {
        Fixture f = populate();
        Map<String, String> before = snapshot(sourceHerald.baseUrl(), accountSid, authToken, f);
        Path file = dir.resolve("export.jsonl");

        HeraldProcess export = export(source, Map.of(), file); // while the source serves
        assertThat(lastLine(export.output())).isEqualTo("Exported 2 accounts, 3 credentials, 3 services, 25 bindings, "
                + "0 API keys.");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1 + 2 + 3 + 3 + 25);
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.get("type").asText()).isEqualTo("herald-export");
        assertThat(header.get("version").asInt()).isEqualTo(1);
        assertThat(header.get("counts").toString())
                .isEqualTo("{\"accounts\":2,\"credentials\":3,\"services\":3,\"bindings\":25,\"api_keys\":0}");
        assertThat(lines.subList(1, lines.size())).extracting(l -> JSON.readTree(l).get("type").asText())
                .containsExactlyElementsOf(types(2, 3, 3, 25));
        String export1 = Files.readString(file);
        assertThat(export1).as("secrets stay sealed").doesNotContain("fcm-server-key", "gcm-key", "MIIE")
                .doesNotContain(authToken);

        Target target = freshTarget("target", true);
        HeraldProcess imported = importInto(target, file);
        assertThat(imported.waitFor(1)).as(imported.output()).isZero();
        assertThat(lastLine(imported.output()))
                .isEqualTo("Imported 2 accounts, 3 credentials, 3 services, 25 bindings, 0 API keys (none already "
                        + "present).");

        TestHerald moved = TestHerald.startOn(target.data(), target.db(), null, null, null);
        servers.add(moved);
        assertThat(snapshot(moved.baseUrl(), accountSid, authToken, f)).isEqualTo(before);

        // Running the same import again changes nothing.
        HeraldProcess again = importInto(target, file);
        assertThat(again.waitFor(1)).as(again.output()).isZero();
        assertThat(lastLine(again.output())).isEqualTo("Imported 0 accounts, 0 credentials, 0 services, 0 bindings, "
                + "0 API keys (already present: 2 accounts, 3 credentials, 3 services, 25 bindings, 0 API keys).");
        assertThat(snapshot(moved.baseUrl(), accountSid, authToken, f)).isEqualTo(before);

        // The target exports exactly what the source did: every column, secrets still sealed as they were.
        Path back = dir.resolve("back.jsonl");
        export(target.data(), target.env(), back);
        assertThat(dataLines(back)).isEqualTo(dataLines(file));

        // The rules still hold on the imported rows.
        RawHttp http = new RawHttp(moved.baseUrl(), accountSid, authToken);
        assertThat(new RawHttp(moved.baseUrl(), accountSid, "wrong").get("/v1/Services").status()).isEqualTo(401);
        String bindings = "/v1/Services/" + f.serviceA() + "/Bindings";
        RawHttp.Reply full = http.post(bindings, RawHttp.form("Identity", "crowd", "BindingType", "fcm",
                "Address", "fcm-crowd-new"));
        assertThat(full.status()).as(full.body()).isEqualTo(400);
        assertThat(full.json().get("code").asInt()).isEqualTo(20001);
        String replacement = created(http.post(bindings, RawHttp.form("Identity", "crowd", "BindingType", "fcm",
                "Address", "fcm-crowd-3", "CredentialSid", f.fcmCredential())));
        assertThat(http.get(bindings + "/" + f.crowd().get(3)).status()).isEqualTo(404);
        assertThat(http.get(bindings + "?Tag=crowd&PageSize=50").json().get("bindings")).hasSize(19);
        created(http.post(bindings, RawHttp.form("Identity", "erin", "BindingType", "apn", "Address", "apn-erin",
                "CredentialSid", f.apnCredential())));
        assertThat(http.post("/v1/Credentials/" + f.apnCredential(), "FriendlyName=renamed").status()).isEqualTo(200);
        assertThat(http.delete("/v1/Credentials/" + f.fcmCredential()).status()).as("still in use").isEqualTo(409);
        assertThat(http.delete("/v1/Services/" + f.serviceB()).status()).isEqualTo(204);

        // The import again, now that the target has moved on: the Binding replaced in the target would take back
        // an address another Binding holds there, so the whole import is refused and changes nothing.
        Map<String, String> changed = snapshot2(moved, f);
        HeraldProcess conflicting = importInto(target, file);
        assertThat(conflicting.waitFor(1)).isEqualTo(2);
        assertThat(conflicting.output().strip()).matches("herald: line \\d+: Binding " + f.crowd().get(3)
                + " has the address of Binding " + replacement + " of Service " + f.serviceA()
                + " \\(in the target or earlier in the input\\), and an address belongs to one Binding only; "
                + "nothing was imported\\.");
        assertThat(snapshot2(moved, f)).isEqualTo(changed);
    }

    @Test
    void apiKeysMoveAsTheirHashesAndStillAuthenticate() throws IOException {
        sourceHerald = TestHerald.startOn(source, DbConfig.parse(null, source, 4), null, accountSid, authToken);
        RawHttp http = new RawHttp(sourceHerald.baseUrl(), accountSid, authToken);
        JsonNode key = http.post("/2010-04-01/Accounts/" + accountSid + "/Keys.json", "FriendlyName=moved").json();
        String keySid = key.get("sid").asText();
        String secret = key.get("secret").asText();
        Path file = dir.resolve("keys.jsonl");

        HeraldProcess export = export(source, Map.of(), file);
        assertThat(lastLine(export.output())).isEqualTo("Exported 1 account, 0 credentials, 0 services, 0 bindings, "
                + "1 API key.");
        List<String> lines = dataLines(file);
        JsonNode keyLine = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(keyLine.get("type").asText()).isEqualTo("key");
        assertThat(keyLine.get("sid").asText()).isEqualTo(keySid);
        assertThat(keyLine.get("friendly_name").asText()).isEqualTo("moved");
        assertThat(keyLine.get("secret_hash").asText()).matches("[0-9a-f]{64}");
        assertThat(Files.readString(file)).doesNotContain(secret);

        Target target = freshTarget("keys-target", true);
        HeraldProcess imported = importInto(target, file);
        assertThat(imported.waitFor(1)).as(imported.output()).isZero();
        assertThat(counts(target)).isEqualTo(new Transfers.Counts(1, 0, 0, 0, 1));
        TestHerald moved = TestHerald.startOn(target.data(), target.db(), null, null, null);
        servers.add(moved);
        assertThat(new RawHttp(moved.baseUrl(), keySid, secret).get("/v1/Services").status()).isEqualTo(200);
        assertThat(new RawHttp(moved.baseUrl(), keySid, "wrong").get("/v1/Services").status()).isEqualTo(401);

        // A key line whose hash is not one, or whose account is nowhere, fails the import.
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        int keyIndex = all.size() - 1;
        assertThat(importFailure(target, with(all, keyIndex, edit(all.get(keyIndex),
                n -> n.put("secret_hash", "not-a-hash"))))).startsWith("line " + all.size() + ": \"secret_hash\"");
        String nowhere = Sids.next(Sids.ACCOUNT);
        assertThat(importFailure(target, List.of(all.get(0).replace("\"accounts\":1", "\"accounts\":0"),
                edit(all.get(keyIndex), n -> n.put("sid", Sids.next(Sids.API_KEY)).put("account_sid", nowhere)))))
                .startsWith("line 2: account " + nowhere + " is neither in the input nor");
        assertThat(counts(target)).isEqualTo(new Transfers.Counts(1, 0, 0, 0, 1));
    }

    /** The fixture's Services A and B and their Bindings as the account sees them now. */
    private Map<String, String> snapshot2(TestHerald server, Fixture f) {
        RawHttp http = new RawHttp(server.baseUrl(), accountSid, authToken);
        Map<String, String> views = new LinkedHashMap<>();
        for (String path : List.of("/v1/Services", "/v1/Credentials",
                "/v1/Services/" + f.serviceA() + "/Bindings?PageSize=1000")) {
            views.put(path, view(http.get(path), server.baseUrl()));
        }
        return views;
    }

    private static List<String> types(int accounts, int credentials, int services, int bindings) {
        List<String> types = new ArrayList<>();
        types.addAll(Collections.nCopies(accounts, "account"));
        types.addAll(Collections.nCopies(credentials, "credential"));
        types.addAll(Collections.nCopies(services, "service"));
        types.addAll(Collections.nCopies(bindings, "binding"));
        return types;
    }

    @Test
    void aBadLineFailsTheWholeImportNamingTheLine() throws IOException {
        populate();
        Path file = dir.resolve("export.jsonl");
        export(source, Map.of(), file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int firstBinding = 1 + 2 + 3 + 3; // index of the first Binding line (line number firstBinding + 1)
        String binding = lines.get(firstBinding + 5);

        // As an operator sees it: exit code 2, one line naming the line, and nothing in the target.
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, with(lines, firstBinding + 5, binding.substring(0, binding.length() / 2)),
                StandardCharsets.UTF_8);
        Target target = freshTarget("bad-target", true);
        HeraldProcess imported = importInto(target, bad);
        assertThat(imported.waitFor(1)).as(imported.output()).isEqualTo(2);
        assertThat(imported.output().strip()).startsWith("herald: line 15: not valid JSON (")
                .endsWith("); nothing was imported.");
        assertThat(imported.output().strip().lines()).hasSize(1);
        assertThat(counts(target)).isEqualTo(new Transfers.Counts(0, 0, 0, 0, 0));

        // The other ways a line can be wrong, in-process for speed (Main prints these messages as above).
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("line 15: unknown type \"bindng\"", with(lines, firstBinding + 5,
                binding.replace("\"type\":\"binding\"", "\"type\":\"bindng\"")));
        cases.put("line 15: the binding has no \"address\"", with(lines, firstBinding + 5,
                edit(binding, n -> n.remove("address"))));
        cases.put("line 15: unknown field \"adress\" in a binding line", with(lines, firstBinding + 5,
                edit(binding, n -> n.set("adress", n.get("address")))));
        cases.put("line 15: Service IS00000000000000000000000000000000 is neither in the input nor in the target",
                with(lines, firstBinding + 5, edit(binding, n -> n.put("service_sid", "IS" + "0".repeat(32)))));
        cases.put("line 15: \"date_created\" must be a whole number", with(lines, firstBinding + 5,
                edit(binding, n -> n.put("date_created", "yesterday"))));
        cases.put("line 15: \"sid\" must be BS followed by 32 lowercase hex digits", with(lines, firstBinding + 5,
                edit(binding, n -> n.put("sid", n.get("sid").asText().toUpperCase(Locale.ROOT)))));
        cases.put("line 15: binding " + JSON.readTree(lines.get(firstBinding + 4)).get("sid").asText()
                + " appears twice in the input", with(lines, firstBinding + 5, lines.get(firstBinding + 4)));
        cases.put("line 4: the secrets of Credential", with(lines, 3, edit(lines.get(3), n -> n.put("secrets",
                Base64.getEncoder().encodeToString(new byte[40])))));
        List<String> late = new ArrayList<>(lines);
        late.add(lines.get(1));
        cases.put("line " + late.size() + ": account lines must come before binding lines", late);
        cases.put("The input holds 2 accounts, 3 credentials, 3 services, 24 bindings, 0 API keys but its header "
                + "announces 2 accounts, 3 credentials, 3 services, 25 bindings, 0 API keys",
                lines.subList(0, lines.size() - 1));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            assertThat(importFailure(target, c.getValue())).startsWith(c.getKey()).endsWith("nothing was imported.");
            assertThat(counts(target)).isEqualTo(new Transfers.Counts(0, 0, 0, 0, 0));
        }
    }

    /** Imports {@code lines} in this JVM and returns the message it fails with. */
    private static String importFailure(Target target, List<String> lines) {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ExportSource source = ExportSource.read(new ByteArrayInputStream(bytes));
            Herald.withDatabase(target.db(), target.data(), db -> Transfers.of(db).importFrom(source,
                    Transfers.Progress.NONE));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("The import succeeded.");
    }

    private static List<String> with(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return copy;
    }

    private static String edit(String line, Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            change.accept(node);
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theTargetMustHaveTheSourcesMasterKey() throws IOException {
        populate();
        Path file = dir.resolve("export.jsonl");
        export(source, Map.of(), file);

        Target keyless = freshTarget("keyless", false);
        HeraldProcess refused = importInto(keyless, file);
        assertThat(refused.waitFor(1)).isEqualTo(2);
        assertThat(refused.output().strip()).isEqualTo("herald: The export's Credential secrets open only with the "
                + "source's master key: set HERALD_MASTER_KEY to it, or copy master.key from the source's data "
                + "directory to " + keyless.data().toAbsolutePath().normalize() + ". Nothing was imported.");
        assertThat(keyless.data().resolve("master.key")).as("no new key").doesNotExist();
        assertThat(keyless.data().resolve("herald.db")).doesNotExist();

        Target wrong = freshTarget("wrong-key", false);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(wrong.data().resolve("master.key"), Base64.getEncoder().encodeToString(key));
        HeraldProcess mismatch = importInto(wrong, file);
        assertThat(mismatch.waitFor(1)).isEqualTo(2);
        assertThat(mismatch.output().strip()).startsWith("herald: The master key is not the one the export's "
                + "Credential secrets are sealed with");
        assertThat(wrong.data().resolve("herald.db")).as("the store is not even created").doesNotExist();

        // Given the key (here through the environment), the same target takes the import.
        String sourceKey = Files.readString(source.resolve("master.key")).strip();
        Map<String, String> env = new HashMap<>(wrong.env());
        env.put("HERALD_MASTER_KEY", sourceKey);
        HeraldProcess imported = run(wrong.data(), env, file, null, "import", "--data", wrong.data().toString());
        assertThat(imported.waitFor(1)).as(imported.output()).isZero();
        assertThat(lastLine(imported.output())).startsWith("Imported 2 accounts, 3 credentials");
    }

    /** An export written by hand: one account, one Service, {@code count} Bindings in SID order. */
    private static List<String> synthetic(int count) {
        String account = Sids.next(Sids.ACCOUNT);
        String service = Sids.next(Sids.SERVICE);
        List<String> bindings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bindings.add(Sids.next(Sids.BINDING));
        }
        bindings.sort(null);
        List<String> lines = new ArrayList<>();
        lines.add("{\"type\":\"herald-export\",\"version\":1,\"dialect\":\"sqlite\",\"key_check\":\"unused\","
                + "\"counts\":{\"accounts\":1,\"credentials\":0,\"services\":1,\"bindings\":" + count + "}}");
        lines.add("{\"type\":\"account\",\"sid\":\"" + account + "\",\"auth_token_hash\":\"" + "ab".repeat(32)
                + "\",\"date_created\":1700000000}");
        lines.add("{\"type\":\"service\",\"sid\":\"" + service + "\",\"account_sid\":\"" + account + "\","
                + "\"friendly_name\":\"bulk\",\"apn_credential_sid\":null,\"gcm_credential_sid\":null,"
                + "\"fcm_credential_sid\":null,\"messaging_service_sid\":null,\"facebook_messenger_page_id\":null,"
                + "\"default_apn_notification_protocol_version\":\"3\","
                + "\"default_gcm_notification_protocol_version\":\"3\","
                + "\"default_fcm_notification_protocol_version\":\"3\","
                + "\"default_alexa_notification_protocol_version\":\"3\",\"log_enabled\":true,"
                + "\"alexa_skill_id\":null,\"delivery_callback_url\":null,\"delivery_callback_enabled\":false,"
                + "\"date_created\":1700000000,\"date_updated\":1700000000}");
        for (int i = 0; i < count; i++) {
            lines.add("{\"type\":\"binding\",\"sid\":\"" + bindings.get(i) + "\",\"service_sid\":\"" + service
                    + "\",\"account_sid\":\"" + account + "\",\"credential_sid\":null,\"identity\":\"user-" + (i / 3)
                    + "\",\"binding_type\":\"sms\",\"address\":\"+1555" + String.format("%07d", i) + "\",\"tags\":["
                    + (i % 2 == 0 ? "\"even\"" : "") + "],\"notification_protocol_version\":null,\"endpoint\":null,"
                    + "\"date_created\":" + (1700000000 + i) + ",\"date_updated\":" + (1700000000 + i) + "}");
        }
        return lines;
    }

    @Test
    void largeImportsGoInBatchesAndAreStillAllOrNothing() throws IOException {
        List<String> lines = synthetic(4500); // more than two export pages and four import batches
        Path file = dir.resolve("bulk.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        Target target = freshTarget("bulk", false);
        HeraldProcess imported = importInto(target, file);
        assertThat(imported.waitFor(1)).as(imported.output()).isZero();
        assertThat(lastLine(imported.output()))
                .isEqualTo("Imported 1 account, 0 credentials, 1 service, 4500 bindings, 0 API keys (none already "
                        + "present).");
        Path back = dir.resolve("bulk-back.jsonl");
        HeraldProcess export = export(target.data(), target.env(), back);
        assertThat(lastLine(export.output())).isEqualTo("Exported 1 account, 0 credentials, 1 service, 4500 bindings, "
                + "0 API keys.");
        // the input is in the format of a Herald without sealed auth tokens and facebook-messenger Credentials: its
        // lines lack those fields, which import as null and are exported
        assertThat(lines.get(1)).doesNotContain("auth_token_sealed");
        assertThat(lines.get(2)).doesNotContain("facebook_messenger_credential_sid");
        assertThat(dataLines(back)).isEqualTo(lines.subList(1, lines.size()).stream()
                .map(l -> l.replaceFirst("(\"auth_token_hash\":\"[0-9a-f]+\",)", "$1\"auth_token_sealed\":null,")
                        .replace("\"facebook_messenger_page_id\":null,",
                                "\"facebook_messenger_page_id\":null,\"facebook_messenger_credential_sid\":null,"))
                .toList());

        assertThat(counts(target)).isEqualTo(new Transfers.Counts(1, 0, 1, 4500, 0));

        // A bad line after four full batches have gone in: none of them stays.
        Target other = freshTarget("bulk-bad", false);
        assertThat(importFailure(other, with(lines, 4200, "{\"type\":\"binding\"}")))
                .startsWith("line 4201: the binding has no \"sid\"");
        assertThat(counts(other)).isEqualTo(new Transfers.Counts(0, 0, 0, 0, 0));

        // Too many Bindings for one Identity (a merge the API would never allow) is refused as a whole too.
        List<String> crowded = new ArrayList<>(lines.subList(0, 3));
        for (int i = 0; i < 21; i++) {
            crowded.add(edit(lines.get(3 + i), n -> n.put("identity", "crowd")));
        }
        crowded.set(0, lines.get(0).replace("\"bindings\":4500", "\"bindings\":21"));
        assertThat(importFailure(other, crowded)).isEqualTo("Service " + JSON.readTree(lines.get(2)).get("sid").asText()
                + " would have more than 20 Bindings for one Identity; nothing was imported.");
        assertThat(counts(other)).isEqualTo(new Transfers.Counts(0, 0, 0, 0, 0));
        assertThat(importFailure(other, crowded.subList(0, crowded.size() - 1)))
                .as("20 are fine, the header is not").startsWith("The input holds");
    }

    @Test
    void exportingAStoreThatIsNotThereFails() {
        HeraldProcess export = run(dir.resolve("nowhere"), Map.of(), null, dir.resolve("out.jsonl"),
                "export", "--data", dir.resolve("nowhere").toString());
        assertThat(export.waitFor(1)).isEqualTo(2);
        assertThat(export.output().strip()).isEqualTo("herald: There is no Herald database at "
                + dir.resolve("nowhere").resolve("herald.db").toAbsolutePath() + "; point --data or --db at the "
                + "store to export.");
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }
}
