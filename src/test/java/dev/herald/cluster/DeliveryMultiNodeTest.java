package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes on one PostgreSQL database deliver one send together (sandbox mode), each Binding once. */
@Timeout(180)
class DeliveryMultiNodeTest {
    private static final int BINDINGS = 3000;
    private Path dir;
    private TestHerald a;
    private TestHerald b;
    private RawHttp httpA;
    private RawHttp httpB;
    private String service;
    private boolean aClosed;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("herald-cluster-delivery");
        DbConfig db = DbConfig.parse(TestDatabases.newPostgresDatabase(), dir, 8);
        String sid = Sids.next(Sids.ACCOUNT);
        a = TestHerald.startOn(dir, db, null, sid, "cluster-token");
        b = TestHerald.startOn(dir, db, null, sid, "cluster-token");
        httpA = new RawHttp(a);
        httpB = new RawHttp(b);
        String credential = httpA.post("/v1/Credentials", RawHttp.form("Type", "fcm", "Secret",
                TestSecrets.serviceAccount("cluster"))).json().get("sid").asText();
        service = httpA.post("/v1/Services", "FcmCredentialSid=" + credential).json().get("sid").asText();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < BINDINGS; i++) {
            RawHttp http = i % 2 == 0 ? httpA : httpB;
            String form = RawHttp.form("Identity", "user-" + i, "BindingType", "fcm", "Address", "token-" + i);
            creates.add(pool.submit(() -> http.post("/v1/Services/" + service + "/Bindings", form).status()));
        }
        for (Future<Integer> f : creates) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(201);
        }
        pool.shutdown();
    }

    @AfterEach
    void stop() {
        if (!aClosed) {
            a.close();
        }
        b.close();
        TestHerald.deleteTree(dir);
    }

    @Test
    void bothNodesDeliverOneSendAndNoBindingTwice() throws Exception {
        String path = send(httpA);
        JsonNode counts = Sends.awaitDone(httpB, path, 90);
        assertThat(counts.get("total").asInt()).isEqualTo(BINDINGS);
        assertThat(counts.get("delivered").asInt()).isEqualTo(BINDINGS);
        assertEachBindingOnceWithAttemptsAtMost(httpB, path, 1);
    }

    @Test
    void aNodeThatStopsMidSendHandsItsClaimsToTheOther() throws Exception {
        String path = send(httpA);
        while (httpA.get(path).json().get("delivery").get("delivered").asInt() == 0) {
            Thread.sleep(1);
        }
        a.close();
        aClosed = true;
        JsonNode counts = Sends.awaitDone(httpB, path, 90);
        assertThat(counts.get("delivered").asInt()).isEqualTo(BINDINGS);
        assertEachBindingOnceWithAttemptsAtMost(httpB, path, 1);
    }

    private String send(RawHttp http) {
        RawHttp.Reply sent = http.post("/v1/Services/" + service + "/Notifications", "Tag=all&Body=cluster");
        assertThat(sent.status()).isEqualTo(201);
        return "/v1/Services/" + service + "/Notifications/" + sent.json().get("sid").asText();
    }

    private static void assertEachBindingOnceWithAttemptsAtMost(RawHttp http, String path, int attempts) {
        Set<String> bindings = new HashSet<>();
        List<JsonNode> deliveries = Sends.deliveries(http, path, "");
        for (JsonNode d : deliveries) {
            bindings.add(d.get("binding_sid").asText());
            assertThat(d.get("status").asText()).isEqualTo("delivered");
            assertThat(d.get("attempts").asInt()).isBetween(1, attempts);
        }
        assertThat(deliveries).hasSize(BINDINGS);
        assertThat(bindings).hasSize(BINDINGS);
    }
}
