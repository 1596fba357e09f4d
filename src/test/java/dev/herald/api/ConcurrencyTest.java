package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.listAll;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rules that must hold when requests race: the identity limit and same-address replacement. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    /** Runs every task at once (released together) and returns the replies in task order. */
    private static List<Reply> race(List<Callable<Reply>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (Callable<Reply> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get(40, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void identityLimitHoldsUnderConcurrentCreates() throws Exception {
        String service = fixture.service();
        List<Callable<Reply>> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String address = "race-" + i;
            tasks.add(() -> fixture.postBinding(service, "racer", "fcm", address));
        }
        List<Reply> replies = race(tasks);
        Set<String> created = new HashSet<>();
        int rejected = 0;
        for (Reply r : replies) {
            if (r.status() == 201) {
                created.add(r.json().get("sid").asText());
            } else {
                assertThat(assertError(r, 400, 20001)).contains("Identity");
                rejected++;
            }
        }
        assertThat(created).hasSize(20);
        assertThat(rejected).isEqualTo(40);
        List<String> listed = listAll(http, bindingsPath(service) + "?Identity=racer", "bindings");
        assertThat(listed).hasSize(20).doesNotHaveDuplicates();
        assertThat(new HashSet<>(listed)).isEqualTo(created);
        assertThat(listAll(http, bindingsPath(service), "bindings")).hasSize(20);
    }

    @Test
    void identityLimitHoldsForSeveralIdentitiesAtOnce() throws Exception {
        String service = fixture.service();
        List<Callable<Reply>> tasks = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            String identity = "multi-" + (i % 3);
            String address = "multi-addr-" + i;
            tasks.add(() -> fixture.postBinding(service, identity, "apn", address));
        }
        List<Reply> replies = race(tasks);
        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isIn(201, 400));
        assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(60);
        for (int k = 0; k < 3; k++) {
            assertThat(listAll(http, bindingsPath(service) + "?Identity=multi-" + k, "bindings")).hasSize(20);
        }
    }

    @Test
    void concurrentCreatesOfTheSameAddressLeaveExactlyOne() throws Exception {
        String service = fixture.service();
        String bystander = fixture.binding(service, "bystander", "apn", "bystander-device");
        List<Callable<Reply>> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String identity = "same-" + (i % 4);
            tasks.add(() -> fixture.postBinding(service, identity, "apn", "one-device", "t"));
        }
        List<Reply> replies = race(tasks);
        List<String> sids = new ArrayList<>();
        for (Reply r : replies) {
            assertThat(r.status()).as("create of a contested address: %s", r.body()).isEqualTo(201);
            sids.add(r.json().get("sid").asText());
        }
        assertThat(sids).doesNotHaveDuplicates();
        List<JsonNode> withAddress = new ArrayList<>();
        for (JsonNode page : Api.pages(http, bindingsPath(service) + "?PageSize=1000")) {
            page.get("bindings").forEach(b -> {
                if (b.get("address").asText().equals("one-device")) {
                    withAddress.add(b);
                }
            });
        }
        assertThat(withAddress).hasSize(1);
        String survivor = withAddress.get(0).get("sid").asText();
        assertThat(sids).contains(survivor);
        int found = 0;
        for (String sid : sids) {
            Reply r = http.get(bindingsPath(service) + "/" + sid);
            if (r.status() == 200) {
                found++;
                assertThat(sid).isEqualTo(survivor);
            } else {
                Api.assertNotFound(r, "/Services/" + service + "/Bindings/" + sid);
            }
        }
        assertThat(found).isEqualTo(1);
        assertThat(listAll(http, bindingsPath(service) + "?Tag=t", "bindings")).containsExactly(survivor);
        assertThat(listAll(http, bindingsPath(service), "bindings")).containsExactlyInAnyOrder(bystander, survivor);
        ok(http.get(bindingsPath(service) + "/" + bystander));
    }

    @Test
    void concurrentCreatesAndDeletesKeepListsConsistent() throws Exception {
        String service = fixture.service();
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            initial.add(fixture.binding(service, "mix-" + i, "fcm", "mix-" + i));
        }
        List<Callable<Reply>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sid = initial.get(i);
            tasks.add(() -> http.delete(bindingsPath(service) + "/" + sid));
            tasks.add(() -> http.delete(bindingsPath(service) + "/" + sid));
            String address = "mix-new-" + i;
            tasks.add(() -> fixture.postBinding(service, "mix-new", "fcm", address));
        }
        List<Reply> replies = race(tasks);
        for (int i = 0; i < 10; i++) {
            Reply a = replies.get(3 * i);
            Reply b = replies.get(3 * i + 1);
            assertThat(List.of(a.status(), b.status())).containsExactlyInAnyOrder(204, 404);
            assertThat(replies.get(3 * i + 2).status()).isEqualTo(201);
        }
        List<String> listed = listAll(http, bindingsPath(service) + "?PageSize=3", "bindings");
        assertThat(listed).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(initial);
    }
}
