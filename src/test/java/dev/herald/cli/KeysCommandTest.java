package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.ProcessWorkspace;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code herald keys create|list|revoke} as an operator runs them, in separate processes, against the store a
 * server is serving: a created key authenticates at once, a revoked one stops at once; mistakes exit 2 with one line.
 */
@Timeout(180)
class KeysCommandTest {
    /** The test's own directory (its data directory, beside it the processes' logs) and database. */
    private ProcessWorkspace work;
    private Path dir;
    private String url;
    private TestHerald herald;
    private String account;

    @BeforeEach
    void start() throws IOException {
        work = ProcessWorkspace.create("herald-keys");
        dir = Files.createDirectory(work.data());
        url = work.dbUrl();
        account = Sids.next(Sids.ACCOUNT);
        herald = TestHerald.startOn(dir, DbConfig.parse(url, dir, 4), null, account,
                UUID.randomUUID().toString().replace("-", ""));
    }

    @AfterEach
    void stop() {
        herald.close();
        work.close();
    }

    /** Runs {@code herald keys …} on the server's store; returns the process, finished. */
    private HeraldProcess keys(String... args) {
        List<String> all = new ArrayList<>(List.of("keys"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data", dir.toString()));
        HeraldProcess process = HeraldProcess.run(dir, work.env(Map.of()), all.toArray(String[]::new));
        work.track(process);
        process.waitFor(120);
        return process;
    }

    private static String value(String output, String name) {
        return output.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + output));
    }

    @Test
    void createListRevoke() {
        HeraldProcess create = keys("create", "--account", account, "--friendly-name", "CI deploys");
        assertThat(create.waitFor(1)).as(create.output()).isZero();
        String sid = value(create.output(), "key_sid");
        String secret = value(create.output(), "key_secret");
        assertThat(sid).matches("SK[0-9a-f]{32}");
        assertThat(secret).matches("[A-Za-z0-9]{32}");
        RawHttp withKey = new RawHttp(herald.baseUrl(), sid, secret);
        assertThat(withKey.get("/v1/Services").status()).isEqualTo(200);

        HeraldProcess list = keys("list", "--account", account);
        assertThat(list.waitFor(1)).as(list.output()).isZero();
        assertThat(list.output()).doesNotContain(secret);
        assertThat(list.output().lines().filter(l -> l.startsWith("SK")).toList())
                .singleElement()
                .satisfies(l -> assertThat(l).matches(sid + "\t\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\tCI deploys"));

        HeraldProcess revoke = keys("revoke", sid);
        assertThat(revoke.waitFor(1)).as(revoke.output()).isZero();
        assertThat(revoke.output()).contains("revoked=" + sid + " account_sid=" + account);
        assertThat(withKey.get("/v1/Services").status()).as("at once").isEqualTo(401);
        HeraldProcess empty = keys("list", "--account", account);
        assertThat(empty.output().lines().filter(l -> l.startsWith("SK"))).isEmpty();
    }

    @Test
    void mistakesExit2WithOneLine() {
        String unknownAccount = Sids.next(Sids.ACCOUNT);
        String someKey = Sids.next(Sids.API_KEY);
        Map<List<String>, String> cases = Map.of(
                List.of("create", "--account", unknownAccount),
                "herald: There is no account " + unknownAccount + " in this store.",
                List.of("create", "--account", "AC123"),
                "herald: --account must be AC followed by 32 hex digits, not \"AC123\".",
                List.of("create", "--account", account, "--friendly-name", "x".repeat(65)),
                "herald: --friendly-name must be at most 64 characters.",
                List.of("revoke", someKey),
                "herald: There is no API key " + someKey + " in this store.",
                List.of("revoke", "SK1"),
                "herald: KEY_SID must be SK followed by 32 hex digits, not \"SK1\".");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            HeraldProcess process = keys(c.getKey().toArray(String[]::new));
            assertThat(process.waitFor(1)).as(process.output()).isEqualTo(2);
            assertThat(process.output().strip()).as(c.getKey().toString()).isEqualTo(c.getValue());
        }
        String sid = value(keys("create", "--account", account).output(), "key_sid");
        String stranger = herald.createAccount().sid();
        HeraldProcess wrongAccount = keys("revoke", sid, "--account", stranger);
        assertThat(wrongAccount.waitFor(1)).isEqualTo(2);
        assertThat(wrongAccount.output().strip())
                .isEqualTo("herald: There is no API key " + sid + " of account " + stranger + " in this store.");
    }
}
