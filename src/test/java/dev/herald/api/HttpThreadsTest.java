package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --http-threads} at its minimum: many more concurrent clients than threads are all served, correctly, by
 * a pool that never grows past the bound (requests wait on their connections for a free thread).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpThreadsTest {
    private static final int THREADS = 8;
    private static final int CLIENTS = 48;
    private static final int ROUNDS = 10;
    /** One account drives them all: let it have every thread (the default cap is half of them, beyond which 429). */
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().httpThreads(THREADS).accountConcurrency(THREADS);
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @Test
    void manyMoreClientsThanThreadsAreAllServedWithinTheBound() throws Exception {
        String service = fixture.service("threads");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger mostThreads = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                long live = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("herald-http")).count();
                mostThreads.accumulateAndGet((int) live, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String identity = "client-" + c;
                done.add(clients.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        Reply created = fixture.postBinding(service, identity, "fcm", identity + "-token-" + round,
                                "t" + round);
                        assertThat(created.status()).as(created.body()).isEqualTo(201);
                        String sid = created.json().get("sid").asText();
                        assertThat(ok(http.get(bindingsPath(service) + "/" + sid)).get("address").asText())
                                .isEqualTo(identity + "-token-" + round);
                        JsonNode page = ok(http.get(bindingsPath(service) + "?Identity=" + identity + "&PageSize=50"));
                        assertThat(page.get("bindings")).hasSize(round + 1);
                    }
                    return ROUNDS;
                }));
            }
            int served = 0;
            for (Future<Integer> f : done) {
                served += f.get(80, TimeUnit.SECONDS);
            }
            assertThat(served).isEqualTo(CLIENTS * ROUNDS);
        } finally {
            running.set(false);
            watcher.join();
            clients.shutdownNow();
        }
        assertThat(mostThreads.get()).isBetween(1, THREADS);
        JsonNode all = ok(http.get(bindingsPath(service) + "?PageSize=1000"));
        assertThat(all.get("bindings")).hasSize(CLIENTS * ROUNDS);
    }
}
