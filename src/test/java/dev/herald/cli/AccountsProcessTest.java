package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Herald;
import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.ProcessWorkspace;
import dev.herald.testing.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code herald accounts list|rotate-token|delete} as an operator runs them, on the engine under test. */
@Timeout(180)
class AccountsProcessTest {
    private ProcessWorkspace work;
    private Path data;
    private String dbUrl;

    @BeforeEach
    void createDir() throws IOException {
        work = ProcessWorkspace.create("herald-accounts");
        data = work.data();
        dbUrl = work.dbUrl();
    }

    @AfterEach
    void cleanUp() {
        work.close();
    }

    private Map<String, String> env(Map<String, String> extra) {
        return work.env(extra);
    }

    /** Runs {@code herald accounts <args> --data …}, expects {@code exitCode}, and returns what it printed. */
    private String accounts(int exitCode, String... args) {
        List<String> all = new ArrayList<>(List.of("accounts"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data", data.toString()));
        HeraldProcess process = HeraldProcess.run(data, env(Map.of()), all.toArray(String[]::new));
        work.track(process);
        assertThat(process.waitFor(60)).as(process.output()).isEqualTo(exitCode);
        return process.output().strip();
    }

    private static String value(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow()
                .substring(key.length() + 1);
    }

    @Test
    void listShowsEveryAccountWithoutTokensAndRotateTokenReplacesTheToken() {
        String created = accounts(0, "create");
        String sid = value(created, "account_sid");
        String oldToken = value(created, "auth_token");
        String other = value(accounts(0, "create"), "account_sid");

        List<String> lines = accounts(0, "list").lines().toList();
        assertThat(lines.get(0)).isEqualTo("account_sid\tdate_created\ttoken_sealed");
        assertThat(lines.subList(1, lines.size())).hasSize(2).allMatch(l -> l.matches(
                "AC[0-9a-f]{32}\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\tyes"));
        assertThat(String.join("\n", lines)).contains(sid).contains(other).doesNotContain(oldToken);

        String rotated = accounts(0, "rotate-token", sid);
        assertThat(value(rotated, "account_sid")).isEqualTo(sid);
        String newToken = value(rotated, "auth_token");
        assertThat(newToken).matches("[0-9a-f]{32}").isNotEqualTo(oldToken);
        boolean newWorks = Herald.withAccounts(db(), data, a -> a.authenticate(sid, newToken));
        boolean oldWorks = Herald.withAccounts(db(), data, a -> a.authenticate(sid, oldToken));
        assertThat(newWorks).isTrue();
        assertThat(oldWorks).isFalse();

        String unknown = Sids.next(Sids.ACCOUNT);
        assertThat(accounts(2, "rotate-token", unknown)).isEqualTo("herald: There is no account " + unknown + ".");
        assertThat(accounts(2, "delete", unknown)).isEqualTo("herald: There is no account " + unknown + ".");
    }

    @Test
    void deleteRefusesWhileTheAccountHasServicesAndForceDeletesEverythingOfIt() {
        String sid = Sids.next(Sids.ACCOUNT);
        HeraldProcess herald = HeraldProcess.serve(data, env(Map.of("HERALD_ACCOUNT_SID", sid,
                "HERALD_AUTH_TOKEN", "secret", "HERALD_DELIVERY", "sandbox")));
        work.track(herald);
        RawHttp http = new RawHttp(herald.baseUrl(), sid, "secret");
        Fixtures fixtures = new Fixtures(http);
        String credential = fixtures.credential("gcm");
        String service = fixtures.serviceWith("FriendlyName", "doomed", "GcmCredentialSid", credential);
        String binding = fixtures.binding(service, "alice", "gcm", "device-1", "vip");
        String notification = http.post("/v1/Services/" + service + "/Notifications", "Identity=alice&Body=Hi")
                .json().get("sid").asText();
        herald.terminate();
        assertThat(herald.waitFor(30)).isZero();

        assertThat(accounts(2, "delete", sid)).isEqualTo("herald: Account " + sid + " still has Services: delete "
                + "them first, or add --force to delete them with it.");
        assertThat(accounts(0, "list")).contains(sid);

        assertThat(accounts(0, "delete", sid, "--force")).isEqualTo("Deleted account " + sid + ".");
        assertThat(accounts(0, "list")).isEqualTo("account_sid\tdate_created\ttoken_sealed");
        Herald.withDatabase(db(), data, d -> {
            assertThat(d.accounts().find(sid)).isEmpty();
            assertThat(d.credentials().find(sid, credential)).isEmpty();
            assertThat(d.services().find(sid, service)).isEmpty();
            assertThat(d.bindings().find(sid, service, binding)).isEmpty();
            assertThat(d.notifications().find(sid, service, notification)).isEmpty();
            return null;
        });
    }

    @Test
    void anAccountWithoutServicesIsDeletedWithItsCredentials() {
        String sid = value(accounts(0, "create"), "account_sid");
        assertThat(accounts(0, "delete", sid)).isEqualTo("Deleted account " + sid + ".");
        boolean left = Herald.withDatabase(db(), data, d -> d.accounts().find(sid).isPresent());
        assertThat(left).isFalse();
    }

    private DbConfig db() {
        return DbConfig.parse(dbUrl, data, 2);
    }
}
