package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two Herald nodes on one PostgreSQL database: one truth, whichever node a request reaches. */
@Timeout(120)
class MultiNodeTest {
    private static Path dir;
    private static TestHerald a;
    private static TestHerald b;
    private static RawHttp httpA;
    private static RawHttp httpB;
    private static ExecutorService pool;
    private String service;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        dir = Files.createTempDirectory("herald-cluster");
        DbConfig db = DbConfig.parse(TestDatabases.newPostgresDatabase(), dir, 8);
        String sid = Sids.next(Sids.ACCOUNT);
        a = TestHerald.startOn(dir, db, null, sid, "cluster-token");
        b = TestHerald.startOn(dir, db, null, sid, "cluster-token");
        httpA = new RawHttp(a);
        httpB = new RawHttp(b);
        pool = Executors.newFixedThreadPool(32);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        a.close();
        b.close();
        TestHerald.deleteTree(dir);
    }

    @BeforeEach
    void createService() {
        service = httpA.post("/v1/Services", "FriendlyName=cluster").json().get("sid").asText();
    }

    private String bindings() {
        return "/v1/Services/" + service + "/Bindings";
    }

    @Test
    void aBindingCreatedOnOneNodeIsFetchedListedAndDeletedOnTheOther() {
        RawHttp.Reply created = httpA.post(bindings(), RawHttp.form("Identity", "alice", "BindingType", "apn",
                "Address", "device-1", "Tag", "vip"));
        assertThat(created.status()).isEqualTo(201);
        String sid = created.json().get("sid").asText();

        JsonNode fetched = httpB.get(bindings() + "/" + sid).json();
        assertThat(fetched.get("identity").asText()).isEqualTo("alice");
        assertThat(fetched.get("url").asText()).isEqualTo(b.baseUrl() + bindings() + "/" + sid);
        JsonNode listed = httpB.get(bindings() + "?Tag=vip").json().get("bindings");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("sid").asText()).isEqualTo(sid);

        assertThat(httpB.delete(bindings() + "/" + sid).status()).isEqualTo(204);
        assertThat(httpA.get(bindings() + "/" + sid).status()).isEqualTo(404);
    }

    @Test
    void theTwentyBindingsLimitHoldsWhenRacingCreatesArriveOnBothNodes() throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            RawHttp node = i % 2 == 0 ? httpA : httpB;
            String form = RawHttp.form("Identity", "bob", "BindingType", "fcm", "Address", "bob-device-" + i);
            creates.add(() -> node.post(bindings(), form).status());
        }
        List<Integer> statuses = run(creates);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(20);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(60);
        assertThat(httpA.get(bindings() + "?Identity=bob&PageSize=100").json().get("bindings")).hasSize(20);
        assertThat(httpB.post(bindings(), RawHttp.form("Identity", "bob", "BindingType", "fcm", "Address", "one-more"))
                .status()).isEqualTo(400);
    }

    @Test
    void sameAddressReplacementLeavesExactlyOneBindingUnderRaces() throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            RawHttp node = i % 2 == 0 ? httpA : httpB;
            String form = RawHttp.form("Identity", "user-" + (i % 7), "BindingType", "apn", "Address", "shared-device");
            creates.add(() -> node.post(bindings(), form).status());
        }
        assertThat(run(creates)).containsOnly(201);
        JsonNode all = httpB.get(bindings() + "?PageSize=100").json().get("bindings");
        assertThat(all).hasSize(1);
        String owner = all.get(0).get("identity").asText();
        for (int i = 0; i < 7; i++) {
            int expected = ("user-" + i).equals(owner) ? 1 : 0;
            assertThat(httpA.get(bindings() + "?Identity=user-" + i).json().get("bindings")).hasSize(expected);
        }
        // The per-identity counts stayed exact: every identity can still take 20 Bindings (the owner 19 more).
        for (int n = 0; n < 19; n++) {
            assertThat(httpA.post(bindings(), RawHttp.form("Identity", owner, "BindingType", "apn", "Address",
                    owner + "-extra-" + n)).status()).isEqualTo(201);
        }
        assertThat(httpB.post(bindings(), RawHttp.form("Identity", owner, "BindingType", "apn", "Address",
                owner + "-too-many")).status()).isEqualTo(400);
    }

    @Test
    void manyIdentitiesRacingOnBothNodesEndWithExactCounts() throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RawHttp node = i % 2 == 0 ? httpA : httpB;
            String form = RawHttp.form("Identity", "crowd-" + (i % 8), "BindingType", "gcm", "Address", "crowd-" + i);
            creates.add(() -> node.post(bindings(), form).status());
        }
        List<Integer> statuses = run(creates);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(8 * 20);
        for (int identity = 0; identity < 8; identity++) {
            assertThat(httpB.get(bindings() + "?Identity=crowd-" + identity + "&PageSize=50").json().get("bindings"))
                    .hasSize(20);
        }
    }

    @Test
    void racingSendsWithOneIdempotencyTokenOnBothNodesStoreOneNotification() throws Exception {
        String notifications = "/v1/Services/" + service + "/Notifications";
        List<Callable<String>> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RawHttp node = i % 2 == 0 ? httpA : httpB;
            sends.add(() -> {
                RawHttp.Reply r = node.post(notifications, "Identity=alice&Body=once",
                        "I-Twilio-Idempotency-Token", "cluster-order-1");
                return r.status() + " " + r.json().get("sid").asText();
            });
        }
        Set<String> answers = new HashSet<>(run(sends));
        assertThat(answers).hasSize(1);
        assertThat(answers.iterator().next()).startsWith("201 NT");
        assertThat(httpB.get(notifications).json().get("notifications")).hasSize(1);
        assertThat(httpA.post(notifications, "Identity=alice&Body=twice", "I-Twilio-Idempotency-Token",
                "cluster-order-1").status()).isEqualTo(409);
    }

    @Test
    void pageTokensIssuedByOneNodeWorkOnTheOther() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(httpA.post(bindings(), RawHttp.form("Identity", "pager-" + i, "BindingType", "sms",
                    "Address", "+1555555010" + i, "Tag", "paged")).json().get("sid").asText());
        }
        List<String> seen = new ArrayList<>();
        String next = bindings() + "?Tag=paged&PageSize=2";
        boolean onA = true;
        while (next != null) {
            JsonNode page = (onA ? httpA : httpB).get(next).json();
            page.get("bindings").forEach(binding -> seen.add(binding.get("sid").asText()));
            JsonNode link = page.get("meta").get("next_page_url");
            next = link.isNull() ? null : link.asText().replace(onA ? a.baseUrl() : b.baseUrl(), "");
            onA = !onA;
        }
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);
    }

    private static <T> List<T> run(List<Callable<T>> tasks) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> future : pool.invokeAll(tasks)) {
            results.add(future.get());
        }
        return results;
    }
}
