package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Herald;
import dev.herald.config.DbConfig;
import dev.herald.domain.Accounts;
import dev.herald.domain.Sids;
import dev.herald.domain.StoreException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code herald accounts create} and {@code herald migrate} (with a tag-mask fill to do) run again and again, as
 * separate processes and in this one, against the store a server is taking concurrent creates on: every create
 * succeeds (no 5xx, not even a 503: the locks they meet are held for milliseconds) and every command exits 0.
 */
@Timeout(240)
class CommandsWhileServingTest {
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** The test's own directory (its data directory, beside it the processes' logs) and database. */
    private ProcessWorkspace work;
    private Path dir;
    private String url;
    private TestHerald herald;

    @BeforeEach
    void start() throws IOException {
        work = ProcessWorkspace.create("herald-commands");
        dir = Files.createDirectory(work.data());
        url = work.dbUrl();
        herald = TestHerald.startOn(dir, db(), null, Sids.next(Sids.ACCOUNT),
                UUID.randomUUID().toString().replace("-", ""));
    }

    @AfterEach
    void stop() {
        herald.close();
        work.close();
    }

    private DbConfig db() {
        return DbConfig.parse(url, dir, 4);
    }

    private Map<String, String> env() {
        return work.env(Map.of());
    }

    @Test
    void createsNeverFailWhileAccountsCreateAndMigrateRun() throws Exception {
        RawHttp http = new RawHttp(herald);
        String service = http.post("/v1/Services", "FriendlyName=busy").json().get("sid").asText();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failureBodies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> commandFailures = new ConcurrentLinkedQueue<>();
        AtomicInteger commandsRun = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(pool.submit(() -> {
                while (!stop.get()) {
                    int n = counter.incrementAndGet();
                    RawHttp.Reply reply = http.post("/v1/Services/" + service + "/Bindings", RawHttp.form(
                            "Identity", "user-" + (n / 10), "BindingType", "fcm", "Address", "address-" + n,
                            "Tag", "t" + (n % 7)));
                    if (reply.status() == 201) {
                        created.incrementAndGet();
                    } else {
                        failures.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (failureBodies.size() < 5) {
                            failureBodies.add(reply.status() + " " + reply.body());
                        }
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + RUN_NANOS;
        tasks.add(pool.submit(() -> runUntil(deadline, commandsRun, commandFailures, () -> {
            HeraldProcess create = HeraldProcess.run(dir, env(), "accounts", "create", "--data", dir.toString());
            int code = create.waitFor(120);
            return code == 0 ? null : "accounts create exited " + code + ": " + create.output();
        })));
        tasks.add(pool.submit(() -> runUntil(deadline, commandsRun, commandFailures, () -> {
            restartTagMaskFill();
            HeraldProcess migrate = HeraldProcess.run(dir, env(), "migrate", "--data", dir.toString());
            int code = migrate.waitFor(120);
            return code == 0 ? null : "migrate exited " + code + ": " + migrate.output();
        })));
        tasks.add(pool.submit(() -> runUntil(deadline, commandsRun, commandFailures, () -> {
            Herald.withAccounts(db(), dir, Accounts::create);
            return null;
        })));
        tasks.add(pool.submit(() -> runUntil(deadline, commandsRun, commandFailures, () -> {
            restartTagMaskFill();
            Herald.withDatabase(db(), dir, database -> database.fillTagMasks(done -> { }));
            return null;
        })));
        for (Future<?> task : tasks.subList(8, tasks.size())) {
            task.get(200, TimeUnit.SECONDS);
        }
        stop.set(true);
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(commandFailures).as("commands that failed").isEmpty();
        assertThat(failures).as("creates that failed, e.g. %s", failureBodies).isEmpty();
        assertThat(created.get()).as("creates").isGreaterThan(500);
        assertThat(commandsRun.get()).as("commands run (each of the four kinds at least once)").isGreaterThanOrEqualTo(4);
    }

    /** Makes the next fill go through every Binding again, reading a batch and then writing it. */
    private void restartTagMaskFill() {
        Herald.withDatabase(db(), dir, database -> database.transactor().write(h -> h.execute(
                "INSERT INTO settings (name, value) VALUES ('tag_mask_fill', '') "
                        + "ON CONFLICT (name) DO UPDATE SET value = ''")));
    }

    private interface Command {
        /** Runs once; returns null, or what went wrong. */
        String run() throws Exception;
    }

    private static void runUntil(long deadline, AtomicInteger runs, ConcurrentLinkedQueue<String> failures,
                                 Command command) {
        while (System.nanoTime() < deadline) {
            String failure;
            try {
                failure = command.run();
            } catch (Exception e) {
                failure = e + " (" + StoreException.rootMessage(e) + ")";
            }
            runs.incrementAndGet();
            if (failure != null) {
                failures.add(failure);
            }
        }
    }
}
