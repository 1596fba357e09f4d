package dev.herald.delivery;

import dev.herald.domain.BindingType;
import dev.herald.domain.CredentialStore;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.IdempotencyKey;
import dev.herald.domain.Notification;
import dev.herald.domain.Service;
import dev.herald.domain.ServiceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries every queued delivery to a final outcome: expander threads turn Notifications into deliveries (as many
 * as the store writes well at once, {@link DeliveryQueue#expansionWriters}, each with Notifications of its own), a
 * dispatcher thread claims due deliveries in batches (under a lease) and hands each to its {@link Channel}
 * within the channel's {@link Channel#maxInFlight}, a writer thread records outcomes in batches ({@link
 * OutcomeWriter}), and a purger deletes Notifications past the retention. Outcomes: delivered and rejected are
 * final (a dead address deletes its Binding); failed is retried with backoff until the Notification's deadline or
 * the last allowed attempt, then expired. A crash repeats at most the attempts under way (one claim batch): at
 * least once, never lost. {@link #stop} hands unfinished claims back. Thread-safe.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    /** The longest pause of the purger when nothing is due for purging. */
    private static final long PURGE_IDLE_MILLIS = 60_000;

    private final DeliveryQueue queue;
    private final Resolutions resolutions;
    private final Map<BindingType, Channel> channels;
    /** One per channel, not per Binding type: a channel serving several types keeps one {@code maxInFlight}. */
    private final Map<Channel, Semaphore> permits = new IdentityHashMap<>();
    private final Clock clock;
    private final EngineSettings settings;
    private final OutcomeResults outcomes;
    private final NotificationCache cache;
    private final Map<Long, Claimed> inFlight = new ConcurrentHashMap<>();
    private final Deference deference = new Deference();
    private final DeliveryFigures figures = new DeliveryFigures(inFlight::size, deference::waitedNanos);
    /** The loops (expanders, dispatcher, purger), then the outcome writer, last. */
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile Thread dispatcher;
    /** This start's outcome writer (a new one at every start). */
    private volatile OutcomeWriter outcomeWriter;
    private volatile long backlogUntilNanos = System.nanoTime();

    /**
     * {@code settingsVersion} changes whenever this process writes a Service or a Credential (e.g. {@code
     * Database.settingsVersion()}): the dispatcher reads them again then, and at least every {@link
     * Resolutions#KEEP_MILLIS}.
     */
    public DeliveryEngine(DeliveryQueue queue, ServiceStore services, CredentialStore credentials,
                          LongSupplier settingsVersion, Map<BindingType, Channel> channels, Clock clock,
                          EngineSettings settings) {
        this.queue = queue;
        this.resolutions = new Resolutions(services, credentials, settingsVersion);
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        this.settings = settings;
        this.outcomes = new OutcomeResults(clock, settings);
        this.cache = new NotificationCache(queue);
        for (Channel channel : this.channels.values()) {
            permits.computeIfAbsent(channel, ch -> new Semaphore(ch.maxInFlight()));
        }
    }

    /** Starts the engine's threads. */
    public synchronized void start() {
        queue.recover();
        running = true;
        outcomeWriter = new OutcomeWriter(queue, clock, settings.batch(), inFlight, figures,
                () -> LockSupport.unpark(dispatcher), deference);
        long idle = settings.idlePoll().toMillis();
        int expanders = Math.max(1, queue.expansionWriters());
        for (int i = 0; i < expanders; i++) {
            Expander expander = new Expander(queue, clock, settings, expanders == 1 ? Expander.LEASES_ALONE : 1,
                    deference);
            threads.add(loop(i == 0 ? "herald-expander" : "herald-expander-" + (i + 1), () -> expandOnce(expander),
                    idle));
        }
        dispatcher = loop("herald-dispatcher", this::dispatchOnce, idle);
        threads.add(dispatcher);
        threads.add(loop("herald-purger", this::purgeOnce, Math.max(idle, PURGE_IDLE_MILLIS)));
        Thread writer = new Thread(outcomeWriter, "herald-outcomes");
        writer.setDaemon(true);
        writer.start();
        threads.add(writer);
    }

    /** What this engine has done, for metrics. */
    public DeliveryFigures figures() {
        return figures;
    }

    /**
     * Whether, within the last second, this node expanded a chunk of a Notification with more after it or its
     * dispatcher claimed as many deliveries as it had room for, so that more are likely coming: work that can wait
     * (delivery callbacks) yields to deliveries while it is true.
     */
    public boolean backlogged() {
        return System.nanoTime() - backlogUntilNanos < 0;
    }

    /**
     * From now on, each step of the engine (a fan-out chunk, a claim, a batch of outcomes) first waits up to {@value
     * Deference#MAX_MILLIS} ms while {@code apiCrowded} says a burst of requests is under way, so that the burst is
     * not slowed by the work it starts ({@link Deference}). By default the engine never waits.
     */
    public void deferTo(BooleanSupplier apiCrowded) {
        deferTo(apiCrowded, Deference.MAX_MILLIS);
    }

    /** As {@link #deferTo(BooleanSupplier)}, waiting up to {@code maxMillis} a step. */
    void deferTo(BooleanSupplier apiCrowded, long maxMillis) {
        deference.to(apiCrowded, maxMillis);
    }

    /** Wakes the idle threads now, e.g. after a Notification was accepted. */
    public void wake() {
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }

    /** Runs {@code step} while the engine runs; after a step that found nothing, pauses up to {@code maxIdleMillis}. */
    private Thread loop(String name, BooleanSupplier step, long maxIdleMillis) {
        Thread t = new Thread(() -> {
            long idle = 1;
            while (running) {
                deference.await(() -> running);
                boolean busy;
                try {
                    busy = step.getAsBoolean();
                } catch (RuntimeException e) {
                    LOG.warn("{}: {} (trying again)", name, e.toString());
                    busy = false;
                }
                if (busy) {
                    idle = 1;
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(idle));
                    idle = Math.min(idle * 2, maxIdleMillis);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private boolean expandOnce(Expander expander) {
        boolean expanded = expander.runOnce(() -> running);
        if (expander.large()) {
            backlog();
        }
        return expanded;
    }

    private void backlog() {
        backlogUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * Claims while attempts under way and outcomes not yet durable ({@link DeliveryQueue#unsettled}) leave room in
     * one batch, so that a crash repeats one batch of attempts at most. Where a claim's outcomes wait for its last
     * ({@link DeliveryQueue#holdsClaims}), a claim takes half a batch at most, so that one claim's attempts run
     * while another's outcomes are written.
     */
    private boolean dispatchOnce() {
        int room = settings.batch() - inFlight.size() - queue.unsettled();
        if (room < settings.batch() / 4) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // until outcomes are written (they unpark)
            return true;
        }
        int take = queue.holdsClaims() ? Math.min(room, Math.max(1, settings.batch() / 2)) : room;
        long now = clock.millis();
        List<Claimed> claimed = queue.claim(now, settings.lease().toMillis(), take);
        if (claimed.size() >= take) {
            backlog();
        }
        Resolution resolution = resolutions.current();
        for (Claimed c : claimed) {
            inFlight.put(c.id(), c);
            if (!running) {
                continue; // handed back by stop()
            }
            attempt(c, resolution, now);
        }
        return !claimed.isEmpty();
    }

    private void attempt(Claimed c, Resolution resolution, long now) {
        OutcomeWriter writer = outcomeWriter;
        Notification n = cache.get(c.notificationSid());
        if (n == null) {
            writer.add(OutcomeResults.refused(c, DeliveryStatus.REJECTED, 52000,
                    "The Notification was purged before delivery"));
            return;
        }
        Service service = resolution.service(n);
        if (now / 1000 >= n.deadline() && (c.attempt() > 1 || n.ttl() > 0)) { // ttl 0: the first attempt goes
            writer.add(DeliveryCallbacks.withCallback(OutcomeResults.refused(c, DeliveryStatus.EXPIRED,
                    OutcomeResults.EXPIRED_CODE, "Notification TTL has expired"), c, n, service, now));
            return;
        }
        Resolution.Answer answer = resolution.resolve(n, c);
        if (answer instanceof Resolution.Refused r) {
            writer.add(DeliveryCallbacks.withCallback(OutcomeResults.refused(c, DeliveryStatus.REJECTED, r.code(),
                    r.message()), c, n, service, now));
            return;
        }
        Target target = ((Resolution.Ready) answer).target();
        Channel channel = channels.get(c.bindingType());
        if (channel == null) {
            writer.add(DeliveryCallbacks.withCallback(OutcomeResults.refused(c, DeliveryStatus.REJECTED, 52000,
                    "No channel delivers " + c.bindingType().wire() + " notifications on this server yet "
                            + "(--delivery sandbox records them)"), c, n, service, now));
            return;
        }
        Semaphore permit = permits.get(channel);
        permit.acquireUninterruptibly();
        Attempt attempt = new Attempt(c.id(), n, target, c.attempt(), now);
        channel.send(attempt).whenComplete((outcome, error) -> {
            permit.release();
            Outcome o = outcome != null ? outcome
                    : new Outcome.Failed(52000, "The channel failed: " + error.getClass().getSimpleName(), null, null);
            writer.add(DeliveryCallbacks.withCallback(outcomes.result(c, n, o), c, n, service, clock.millis()));
        });
    }

    private boolean purgeOnce() {
        long now = clock.instant().getEpochSecond();
        int tokens = queue.purgeIdempotencyTokens(now - IdempotencyKey.LIFETIME_SECONDS, 5000);
        return queue.purge(now - settings.retention().toSeconds(), 5000) + tokens > 0;
    }

    /**
     * Stops claiming, lets attempts in flight finish for up to {@code graceMillis}, records their outcomes, and
     * hands the deliveries still unfinished back to the queue (due at once, their attempt not counted).
     */
    public synchronized void stop(long graceMillis) {
        if (!running) {
            return;
        }
        running = false;
        wake();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (Thread t : threads.subList(0, threads.size() - 1)) { // the loops; the outcome writer is last
            join(t, deadline);
        }
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        outcomeWriter.stop();
        join(threads.get(threads.size() - 1), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        List<Claimed> unfinished = new ArrayList<>(inFlight.values());
        if (!unfinished.isEmpty()) {
            try {
                queue.release(unfinished, clock.millis());
            } catch (RuntimeException e) {
                LOG.warn("Handing back {} unfinished deliveries failed: {}; their lease will end", unfinished.size(),
                        e.toString());
            }
        }
        long settling = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queue.unsettled() > 0 && System.nanoTime() < settling) { // outcomes taken, being committed
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        threads.clear();
    }

    private static void join(Thread t, long deadlineNanos) {
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(5000);
    }
}
